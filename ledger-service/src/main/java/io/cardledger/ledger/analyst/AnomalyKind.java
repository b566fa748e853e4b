package io.cardledger.ledger.analyst;

/** What the anomalies report lists. */
public enum AnomalyKind {
    /** A reversal still waiting for its authorization. */
    REVERSAL_PARKED,
    /** A confirmation settled at an amount different from what was withheld. */
    SETTLED_AMOUNT_DIFFERS,
    /** A batch message for an authorization that was already settled or reversed. */
    MODIFIED_TWICE,
    /** A c1Tipo the rulebook does not know; for KatFacil, an event name no kind answers to. */
    UNRECOGNISED_TYPE,
    /** A notification whose c4 (a KatFacil event whose amount) could not be read: recorded, no money moved (rulebook v1.1). */
    UNREADABLE_AMOUNT,
    /** The wallet's available balance went below zero. */
    NEGATIVE_AVAILABLE,
    /** An authorization still PENDING or PARTLY_SETTLED since at least openHoldDays. */
    OPEN_HOLD,
    /** An authorization with an empty c11: nothing can ever settle or release what it holds. */
    UNMATCHABLE_HOLD,
    /** A notification (or KatFacil event) waiting for a card that was never registered. */
    AWAITING_CARD,
    /** A record a consumer parked because it failed on its own every time (table parked_record). */
    PARKED_RECORD,
    /** Issue 21: a notification applied while its card was blocked; KatFacil: money that moved while the card was frozen. */
    CARD_BLOCKED,
    /** Issue 21: a notification applied after its card was cancelled. */
    CARD_CANCELLED,
    /** Issue 21: a movement that took the card's spending this month past its monthly limit. */
    OVER_CARD_LIMIT,
    /** Issue 21: a credit wallet's movement that took what is used past the line's limit. */
    OVER_CREDIT_LIMIT,
    /** Issue 21: a credit line used after its term ran out (the line is blocked from then on). */
    CREDIT_PAST_TERM,
    /** Issue 21: a credit line used while blocked. */
    CREDIT_LINE_BLOCKED,
    /** KatFacil: an amount with more decimals than its currency allows ("1.005" USD): recorded, no money moved. */
    INEXACT_AMOUNT,
    /** KatFacil: an amount in another currency than the card's wallet: recorded, no money moved. */
    CURRENCY_MISMATCH,
    /** KatFacil: a funding, transaction or blockchain id whose money had already moved under another event id: no money moved. */
    DUPLICATE_MONEY_ID,
    /** KatFacil: a transaction or blockchain status the rules do not know: recorded, no money moved. */
    UNRECOGNISED_STATUS
}
