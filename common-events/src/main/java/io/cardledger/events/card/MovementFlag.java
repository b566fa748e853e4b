package io.cardledger.events.card;

/** Things an analyst should look at. A flag never changes the money; it explains it. */
public enum MovementFlag {
    /** A confirmation settled at an amount different from what was withheld. */
    SETTLED_AMOUNT_DIFFERS,
    /** A batch message for an authorization that was already settled or reversed. */
    MODIFIED_TWICE,
    /** A reversal that arrived before its authorization and waits for it. */
    REVERSAL_PARKED,
    /** A parked reversal applied now that its authorization arrived. */
    PARKED_REVERSAL_APPLIED,
    /** A reversal of an authorization that was already closed: recorded, no effect. */
    REVERSAL_OF_CLOSED_AUTHORIZATION,
    /** A further authorization with different content for the same c11: recorded, no effect. */
    CONFLICTING_AUTHORIZATION,
    /** An authorization that arrived after its settlement: posted as already settled. */
    POSTED_AS_ALREADY_SETTLED,
    /** A settlement with no authorization open: applied as a batch-only movement. */
    BATCH_ONLY,
    /** The issuer expired this authorization. */
    EXPIRY,
    /** Multiclearing: a partial settlement that keeps the authorization open. */
    MULTICLEARING_PARTIAL,
    /** Multiclearing: the closing settlement, which releases what is left. */
    MULTICLEARING_CLOSE,
    /** A decline: recorded with its reason, no effect. */
    DECLINED,
    /** A c1Tipo the rulebook does not know: recorded and reported, no effect. */
    UNRECOGNISED_TYPE,
    /** A notification that waited for the card's registration and was applied then. */
    APPLIED_ON_CARD_REGISTRATION,
    /** The wallet's available balance went below zero with this movement. */
    NEGATIVE_AVAILABLE,
    /**
     * c4 was empty, not digits or beyond a long: recorded, moves no money, reported as an anomaly
     * (the issuer moved money an analyst must look at).
     */
    UNREADABLE_AMOUNT,
    /**
     * Rulebook 1.1: a settlement that arrived for a reversed authorization replaced the reversal's
     * stand-in settlement of the remainder instead of charging again.
     */
    REPLACED_REVERSAL_STAND_IN,
    /**
     * KatFacil: an amount with more decimals than its currency's ISO 4217 exponent allows
     * ("1.005" USD): recorded, moves no money.
     */
    INEXACT_AMOUNT,
    /** KatFacil: the event's currency is not the wallet's: recorded, moves no money. */
    CURRENCY_MISMATCH,
    /** KatFacil: a funding, transaction or blockchain id already moved money under another event id: no effect. */
    DUPLICATE_MONEY_ID,
    /** KatFacil: a transaction or blockchain status the rules do not know: recorded and reported, no effect. */
    UNRECOGNISED_STATUS,
    /** The card was blocked when this notification was applied (issue 21: applied, it is a fact). */
    CARD_BLOCKED,
    /** The card was cancelled when this notification was applied. */
    CARD_CANCELLED,
    /** This movement took the card's spending this calendar month (UTC) past its monthly limit. */
    OVER_CARD_LIMIT,
    /** A credit wallet: this movement took what is used past the credit line's limit (available below zero). */
    OVER_CREDIT_LIMIT,
    /** A credit wallet: the line was used after its term (the seed's {@code time} days) ran out. */
    CREDIT_PAST_TERM,
    /** A credit wallet: the line was blocked (past its term, not restored) when this movement was posted. */
    CREDIT_LINE_BLOCKED
}
