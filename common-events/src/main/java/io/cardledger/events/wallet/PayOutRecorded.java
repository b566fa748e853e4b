package io.cardledger.events.wallet;

import java.time.Instant;

/** A fact that the integrator paid funds out of this wallet at the issuer (checked against available). */
public record PayOutRecorded(
        String walletId,
        String operationId,
        long amountMinor,
        String currency,
        String statement,
        Balance balanceAfter,
        Instant occurredAt) implements WalletMovement {

    @Override
    public String movementId() {
        return operationId;
    }

    @Override
    public long availableDeltaMinor() {
        return -amountMinor;
    }

    @Override
    public long withheldDeltaMinor() {
        return 0;
    }
}
