package io.cardledger.events.katfacil;

/** Facts recorded by the ledger's KatFacil card (aggregate {@code katfacil:<cardId>}). */
public sealed interface KatFacilCardEvent permits KatFacilEventRecorded, KatFacilEventAwaitingCard {
    String cardId();
}
