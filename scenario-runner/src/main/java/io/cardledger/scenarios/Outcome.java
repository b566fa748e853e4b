package io.cardledger.scenarios;

import java.util.Map;

/**
 * How one scenario went. {@code observed} holds the last balances read back for the wallets the
 * scenario expects (under the scenario's own ids; a wallet the projection did not answer for is absent).
 */
public record Outcome(String scenario, boolean passed, String detail, long millis, Map<String, Balance> observed) {
    public Outcome(String scenario, boolean passed, String detail, long millis) {
        this(scenario, passed, detail, millis, Map.of());
    }

    /** A wallet's balances as projection-service reports them, in minor units. */
    public record Balance(long available, long withheld) {
    }
}
