package io.cardledger.events.katfacil;

/** What the ledger did with one KatFacil event (docs/rulebook.md, KatFacil section). */
public enum KatFacilEffect {
    /** newcard: the card (and its wallet when none was named) is registered. */
    CARD_REGISTERED,
    /** fundrequest: recorded as pending funding; no change to available. */
    FUNDING_PENDING,
    /** funded, blockchain deposit or refund: available += amount. */
    CREDIT,
    /** completed transaction, blockchain withdrawal or transfer out: available -= amount. */
    DEBIT,
    /** A declined transaction: no effect. */
    DECLINED,
    /** The card was frozen at the issuer (recorded; card state is the card's own). */
    FROZEN,
    /** The card was unfrozen at the issuer. */
    UNFROZEN,
    /** Recorded with no money: 3DS requests, wallet activations, settlements, repeats, unusable amounts, unknown events. */
    RECORDED
}
