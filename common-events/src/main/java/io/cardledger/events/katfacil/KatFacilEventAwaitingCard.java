package io.cardledger.events.katfacil;

/**
 * A fact that a KatFacil event arrived for a card whose {@code newcard} has not arrived yet. It is
 * kept on the card and applied, in arrival order, when the newcard arrives.
 */
public record KatFacilEventAwaitingCard(String cardId, RawKatFacilEvent event) implements KatFacilCardEvent {
}
