package io.cardledger.ledger.wallet;

import io.cardledger.events.card.CardNotificationRecorded;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Commands the Wallet aggregate handles. Operation ids are the issuer's transaction ids: each is recorded once. */
public final class WalletCommands {
    private WalletCommands() {
    }

    /** Event-store identifier of a wallet: prefixed so a card and a wallet can never share a stream. */
    public static String aggregateId(String walletId) {
        return "wallet:" + walletId;
    }

    public record RegisterWallet(String walletId, String userId, String currency, int walletType, Instant registeredAt) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    /** Answers the wallet's state; records nothing. Used to check a transfer's target before moving money. */
    public record DescribeWallet(String walletId) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    public record PostCardMovements(String walletId, List<CardNotificationRecorded> movements, Instant postedAt) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    public record RecordPayIn(String walletId, String operationId, long amountMinor, String currency, String statement,
                              Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    public record RecordPayOut(String walletId, String operationId, long amountMinor, String currency, String statement,
                               Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    public record SendTransfer(String walletId, String operationId, String toWalletId, long amountMinor, String currency,
                               String statement, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    public record ReceiveTransfer(String walletId, String operationId, String fromWalletId, long amountMinor,
                                  String currency, String statement, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    // ---------------------------------------------------------------- credit lines and chargebacks (issue 21)

    public record RegisterCreditWallet(String walletId, String userId, String currency, int walletType, String description,
                                       int termDays, long limitMinor, Instant registeredAt) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    public record ReportCreditPayment(String walletId, String operationId, long amountToCapitalMinor,
                                      long amountInterestMinor, String currency, String statement, boolean restoreCredit,
                                      Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    public record ChangeCreditLimit(String walletId, String operationId, long newLimitMinor, String currency,
                                    String statement, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    /** Answers the credit line's state as of {@code at}; records nothing. */
    public record DescribeCredit(String walletId, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }

    public record CreditChargeback(String walletId, String movementId, String cardId, String transactionId,
                                   long amountMinor, Instant at) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return WalletCommands.aggregateId(walletId);
        }
    }
}
