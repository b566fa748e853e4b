package io.cardledger.ledger.analyst;

/** What the anomalies report lists. */
public enum AnomalyKind {
    /** A reversal still waiting for its authorization. */
    REVERSAL_PARKED,
    /** A confirmation settled at an amount different from what was withheld. */
    SETTLED_AMOUNT_DIFFERS,
    /** A batch message for an authorization that was already settled or reversed. */
    MODIFIED_TWICE,
    /** A c1Tipo the rulebook does not know. */
    UNRECOGNISED_TYPE,
    /** A notification whose c4 could not be read: recorded, no money moved (rulebook v1.1). */
    UNREADABLE_AMOUNT,
    /** The wallet's available balance went below zero. */
    NEGATIVE_AVAILABLE,
    /** An authorization still PENDING or PARTLY_SETTLED since at least openHoldDays. */
    OPEN_HOLD,
    /** An authorization with an empty c11: nothing can ever settle or release what it holds. */
    UNMATCHABLE_HOLD,
    /** A notification waiting for a card that was never registered. */
    AWAITING_CARD,
    /** A record a consumer parked because it failed on its own every time (table parked_record). */
    PARKED_RECORD
}
