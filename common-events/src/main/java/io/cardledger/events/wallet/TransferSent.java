package io.cardledger.events.wallet;

import java.time.Instant;

/** A fact that funds left this wallet for another wallet of the same currency. */
public record TransferSent(
        String walletId,
        String operationId,
        String counterpartyWalletId,
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
