package io.cardledger.ledger.card;

/** A card's lifecycle at the issuer, as the integrator recorded it (PayCaddy: Active, Temporarilyblocked, Cancel). */
public enum CardStatus {
    ACTIVE,
    BLOCKED,
    CANCELLED
}
