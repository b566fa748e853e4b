package io.cardledger.events.wallet;

import java.time.Instant;

/**
 * A fact that the integrator opened a credit line on this wallet at the issuer (PayCaddy
 * {@code walletCredits}): available starts at the limit and is limit minus what is used.
 *
 * @param termDays the days the line stays active (the seed's {@code time}); 0 = no term
 */
public record CreditLineOpened(String walletId, long limitMinor, int termDays, String description, String currency,
                               Balance balanceAfter, Instant occurredAt) implements WalletMovement {
    @Override
    public String movementId() {
        return "credit-line:" + walletId;
    }

    @Override
    public long availableDeltaMinor() {
        return limitMinor;
    }

    @Override
    public long withheldDeltaMinor() {
        return 0;
    }
}
