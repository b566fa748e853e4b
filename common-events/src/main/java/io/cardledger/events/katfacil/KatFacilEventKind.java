package io.cardledger.events.katfacil;

/**
 * What a KatFacil event name means to the ledger. The names each kind answers to are
 * configuration (webhook-ingest's {@code cardledger.katfacil.events.<kind>.names}), so a renamed
 * event is a configuration change.
 */
public enum KatFacilEventKind {
    /** {@code digitalcard.newcard}: a card was issued; registers it (and its wallet when none is named). */
    NEW_CARD,
    /** {@code digitalcard.cardauthorization}: a 3DS request; recorded, no money. */
    CARD_AUTHORIZATION,
    /** {@code digitalcard.transaction}: completed (a settled debit) or declined (no effect). */
    TRANSACTION,
    /** {@code digitalcard.blockchain}: deposit or refund (credit), withdrawal or transfer out (debit), settlement. */
    BLOCKCHAIN,
    /** {@code digitalcard.xpayactivation}: an Apple or Google Pay activation code (scrubbed); recorded, no money. */
    XPAY_ACTIVATION,
    /** {@code digitalcard.fundrequest}: funding accepted and processing; pending, no change to available. */
    FUND_REQUEST,
    /** {@code digitalcard.funded}: funding approved; credits the card's wallet once per event id and funding id. */
    FUNDED,
    /** The card was frozen at KatFacil; recorded. */
    FREEZE,
    /** The card was unfrozen at KatFacil; recorded. */
    UNFREEZE,
    /** Any other event name: kept, recorded and reported, no money. */
    UNRECOGNISED
}
