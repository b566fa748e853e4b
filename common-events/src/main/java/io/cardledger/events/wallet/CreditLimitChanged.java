package io.cardledger.events.wallet;

import java.time.Instant;

/**
 * A fact that the credit line's limit was changed at the issuer (PayCaddy {@code changeWalletLimit}):
 * available moves by the difference, what is used stays.
 */
public record CreditLimitChanged(String walletId, String operationId, long previousLimitMinor, long newLimitMinor,
                                 String currency, String statement, Balance balanceAfter, Instant occurredAt)
        implements WalletMovement {
    @Override
    public String movementId() {
        return operationId;
    }

    @Override
    public long availableDeltaMinor() {
        return Math.subtractExact(newLimitMinor, previousLimitMinor);
    }

    @Override
    public long withheldDeltaMinor() {
        return 0;
    }
}
