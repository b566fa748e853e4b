package io.cardledger.events.card;

import java.time.Instant;

/** A fact that the integrator issued this card on this wallet (after doing it at the issuer). */
public record CardRegistered(
        String cardId,
        String walletId,
        String userId,
        String product,
        boolean physical,
        Instant registeredAt) implements CardEvent {
}
