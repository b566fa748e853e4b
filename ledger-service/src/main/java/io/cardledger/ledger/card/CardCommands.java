package io.cardledger.ledger.card;

import io.cardledger.events.notification.RawNotification;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Commands the Card aggregate handles. Time comes in with the command: aggregates never read a clock. */
public final class CardCommands {
    private CardCommands() {
    }

    /** Event-store identifier of a card: prefixed so a card and a wallet can never share a stream. */
    public static String aggregateId(String cardId) {
        return "card:" + cardId;
    }

    public record RecordNotification(String cardId, RawNotification notification, Instant recordedAt) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }

    public record RegisterCard(String cardId, String walletId, String userId, String product, boolean physical,
                               Instant registeredAt) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }
}
