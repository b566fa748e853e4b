package io.cardledger.events.wallet;

/** A wallet's balances at one instant, in minor units of its currency. */
public record Balance(long availableMinor, long withheldMinor, String currency) {

    public long totalMinor() {
        return Math.addExact(availableMinor, withheldMinor);
    }

    public Balance plus(long availableDeltaMinor, long withheldDeltaMinor) {
        return new Balance(Math.addExact(availableMinor, availableDeltaMinor),
                Math.addExact(withheldMinor, withheldDeltaMinor), currency);
    }
}
