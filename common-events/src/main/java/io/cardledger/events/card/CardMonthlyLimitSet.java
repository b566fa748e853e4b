package io.cardledger.events.card;

import java.time.Instant;

/**
 * A fact that the integrator set the card's monthly spending limit at the issuer (PayCaddy
 * {@code ChangeLimitIWL}): minor units of the wallet's currency per calendar month (UTC); 0 = no limit.
 */
public record CardMonthlyLimitSet(String cardId, long limitMinor, long previousLimitMinor, Instant setAt) implements CardEvent {
}
