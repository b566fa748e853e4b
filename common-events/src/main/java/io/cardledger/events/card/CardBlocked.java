package io.cardledger.events.card;

import java.time.Instant;

/**
 * A fact that the integrator blocked this card at the issuer (PayCaddy {@code blockCard}, KatFacil's
 * freeze). Notifications that still arrive for it are applied (they are facts) and flagged.
 */
public record CardBlocked(String cardId, Instant blockedAt) implements CardEvent {
}
