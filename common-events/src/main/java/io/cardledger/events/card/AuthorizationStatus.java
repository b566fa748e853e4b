package io.cardledger.events.card;

/** Lifecycle of one authorization (cardId + c11), from hold to settlement, reversal or expiry. */
public enum AuthorizationStatus {
    /** No authorization involved (declines, unrecognised types, empty c11). */
    NONE,
    /** Funds withheld, nothing settled yet. */
    PENDING,
    /** Multiclearing: part settled, the rest still withheld. */
    PARTLY_SETTLED,
    /** Settled by the batch (confirmation or correction). */
    SETTLED,
    /** Settled by the batch before its authorization arrived; the late authorization adds nothing. */
    SETTLED_BEFORE_AUTHORIZATION,
    /** Released by a reversal (any remainder counts as settled). */
    REVERSED,
    /** A reversal that waits for its authorization. */
    REVERSAL_PARKED,
    /** Settled by an expiry message from the issuer. */
    EXPIRED,
    /** MoneySend: funds credited, confirmation not yet received. */
    CREDITED,
    /** MoneySend credit confirmed by the batch. */
    CREDIT_CONFIRMED,
    /** MoneySend credit reversed. */
    CREDIT_REVERSED,
    /** A refund was requested; the money arrives with a later TransaccionCorregidaPositiva. */
    REFUND_PENDING
}
