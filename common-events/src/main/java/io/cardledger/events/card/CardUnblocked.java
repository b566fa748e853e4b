package io.cardledger.events.card;

import java.time.Instant;

/** A fact that the integrator unblocked this card at the issuer (PayCaddy {@code unblockCard}, KatFacil's unfreeze). */
public record CardUnblocked(String cardId, Instant unblockedAt) implements CardEvent {
}
