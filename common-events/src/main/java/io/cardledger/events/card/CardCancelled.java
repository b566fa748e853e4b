package io.cardledger.events.card;

import java.time.Instant;

/**
 * A fact that the integrator cancelled this card at the issuer for good (PayCaddy {@code cancelCard}).
 * Notifications that still arrive for it (late settlements, refunds) are applied and flagged.
 */
public record CardCancelled(String cardId, Instant cancelledAt) implements CardEvent {
}
