package io.cardledger.events.card;

import io.cardledger.events.notification.RawNotification;

/**
 * A fact that a notification arrived for a card the ledger does not know yet. It is kept on the
 * card and applied, in arrival order, when the card is registered.
 */
public record NotificationAwaitingCard(String cardId, RawNotification notification) implements CardEvent {
}
