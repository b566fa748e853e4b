package io.cardledger.events.katfacil;

/** How a KatFacil amount (a decimal string in major units) was read into minor units. */
public enum AmountReading {
    /** The event carries no amount. */
    ABSENT,
    /** Converted exactly by the currency's ISO 4217 exponent. */
    EXACT,
    /** A number with more decimals than the currency has (e.g. "1.005" USD): moves nothing, flagged. */
    INEXACT,
    /** Not a plain non-negative decimal, an unknown currency, or beyond a long: moves nothing, flagged. */
    UNREADABLE;

    public boolean usable() {
        return this == EXACT;
    }
}
