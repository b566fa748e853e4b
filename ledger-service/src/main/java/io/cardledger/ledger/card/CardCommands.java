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

    /** @param issuer null for PayCaddy cards, "katfacil" for KatFacil's */
    public record RegisterCard(String cardId, String walletId, String userId, String product, boolean physical,
                               Instant registeredAt, String issuer) {
        /** A PayCaddy card. */
        public RegisterCard(String cardId, String walletId, String userId, String product, boolean physical, Instant registeredAt) {
            this(cardId, walletId, userId, product, physical, registeredAt, null);
        }

        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }
}
