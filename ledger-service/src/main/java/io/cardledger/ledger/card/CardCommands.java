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

    // ---------------------------------------------------------------- card controls and chargebacks (issue 21)

    /** Answers the card's state as of {@code at}; records nothing. */
    public record DescribeCard(String cardId, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }

    public record BlockCard(String cardId, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }

    public record UnblockCard(String cardId, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }

    public record CancelCard(String cardId, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }

    public record SetMonthlyLimit(String cardId, long limitMinor, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }

    public record RequestChargeback(String cardId, String transactionId, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }

    public record DescribeChargeback(String cardId, String transactionId) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }

    public record ReportChargebackStatus(String cardId, String transactionId, String reportId, String status, Long amountMinor,
                                         String rawBody, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return CardCommands.aggregateId(cardId);
        }
    }
}
