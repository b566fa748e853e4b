package io.cardledger.events.card;

import java.time.Instant;

/**
 * A fact that the integrator marked the card's transaction {@code transactionId} (c11) for a
 * chargeback at the issuer (PayCaddy {@code ChargeBackOperation}: IsChargeBack true).
 */
public record ChargebackRequested(String cardId, String walletId, String transactionId, Instant requestedAt)
        implements CardEvent {
}
