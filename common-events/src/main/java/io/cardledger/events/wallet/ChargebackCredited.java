package io.cardledger.events.wallet;

import java.time.Instant;

/** A fact that a chargeback was won for the cardholder and its amount went back to the wallet. */
public record ChargebackCredited(String walletId, String movementId, String cardId, String transactionId,
                                 long amountMinor, String currency, Balance balanceAfter, Instant occurredAt)
        implements WalletMovement {
    @Override
    public long availableDeltaMinor() {
        return amountMinor;
    }

    @Override
    public long withheldDeltaMinor() {
        return 0;
    }
}
