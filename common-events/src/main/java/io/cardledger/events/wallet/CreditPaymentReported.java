package io.cardledger.events.wallet;

import java.time.Instant;

/**
 * A fact that the cardholder paid towards the credit line at the issuer (PayCaddy {@code reportPayCredits}):
 * {@code amountToCapitalMinor} restores available; {@code amountInterestMinor} is recorded only;
 * {@code restoreCredit} unblocks a blocked line and starts a new term.
 */
public record CreditPaymentReported(String walletId, String operationId, long amountToCapitalMinor,
                                    long amountInterestMinor, String currency, String statement, boolean restoreCredit,
                                    Balance balanceAfter, Instant occurredAt) implements WalletMovement {
    @Override
    public String movementId() {
        return operationId;
    }

    @Override
    public long availableDeltaMinor() {
        return amountToCapitalMinor;
    }

    @Override
    public long withheldDeltaMinor() {
        return 0;
    }
}
