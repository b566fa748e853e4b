package io.cardledger.projection.read.transactions;

import io.cardledger.events.card.Issuers;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.wallet.CardMovementPosted;
import io.cardledger.events.wallet.ChargebackCredited;
import io.cardledger.events.wallet.CreditLimitChanged;
import io.cardledger.events.wallet.CreditLineOpened;
import io.cardledger.events.wallet.CreditPaymentReported;
import io.cardledger.events.wallet.PayInRecorded;
import io.cardledger.events.wallet.PayOutRecorded;
import io.cardledger.events.wallet.TransferReceived;
import io.cardledger.events.wallet.TransferSent;
import io.cardledger.events.wallet.WalletMovement;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * One line of a wallet's transaction list as stored in {@code wallet_transaction}: what happened,
 * how it moved available and withheld, and the balance it left.
 */
record TransactionRow(
        String walletId,
        long sequence,
        String eventId,
        String movementId,
        MovementType movementType,
        String cardId,
        String notificationId,
        String notificationType,
        String kind,
        boolean moneySend,
        String transactionId,
        String authorizationCode,
        String merchantName,
        String merchantId,
        String merchantCategory,
        String counterpartyWalletId,
        String statement,
        long amountMinor,
        long availableDeltaMinor,
        long withheldDeltaMinor,
        long availableAfterMinor,
        long withheldAfterMinor,
        String currency,
        String authorizationStatus,
        List<String> flags,
        Integer rulebookVersion,
        Instant transactionTime,
        LocalDateTime localTransactionTime,
        Instant occurredAt,
        String issuer,
        String traceId) {

    enum MovementType {
        CARD, PAY_IN, PAY_OUT, TRANSFER_SENT, TRANSFER_RECEIVED,
        // issue 21: credit lines and chargebacks
        CREDIT_LINE_OPENED, CREDIT_PAYMENT, CREDIT_LIMIT_CHANGED, CHARGEBACK_CREDIT
    }

    /** @param traceId the W3C trace id the ledger-events record carried, null for none */
    static TransactionRow from(LedgerEventEnvelope envelope, WalletMovement movement, String traceId) {
        Instant occurredAt = movement.occurredAt() != null ? movement.occurredAt() : envelope.timestamp();
        var balance = movement.balanceAfter();
        if (movement instanceof CardMovementPosted c) {
            // c7 carries no zone; it is read as UTC, the same way the query's from/to are read.
            Instant time = c.transactionTime() != null ? c.transactionTime().toInstant(ZoneOffset.UTC) : occurredAt;
            return new TransactionRow(c.walletId(), envelope.sequence(), envelope.eventId(), c.movementId(), MovementType.CARD,
                    c.cardId(), c.notificationId(), c.notificationType(), c.kind() == null ? null : c.kind().name(), c.moneySend(),
                    c.transactionId() == null ? "" : c.transactionId(), c.authorizationCode(), c.merchantName(), c.merchantId(),
                    c.merchantCategory(), null, null, c.amountMinor(), c.availableDeltaMinor(), c.withheldDeltaMinor(),
                    balance.availableMinor(), balance.withheldMinor(), balance.currency(),
                    c.authorizationStatus() == null ? null : c.authorizationStatus().name(), flags(c.flags()),
                    c.rulebookVersion(), time, c.transactionTime(), occurredAt, c.issuerName(), traceId);
        }
        MovementType type;
        String counterparty = null;
        String cardId = null;
        String c11 = null;
        String statement;
        long amount;
        if (movement instanceof PayInRecorded p) {
            type = MovementType.PAY_IN;
            statement = p.statement();
            amount = p.amountMinor();
        } else if (movement instanceof PayOutRecorded p) {
            type = MovementType.PAY_OUT;
            statement = p.statement();
            amount = p.amountMinor();
        } else if (movement instanceof TransferSent t) {
            type = MovementType.TRANSFER_SENT;
            statement = t.statement();
            amount = t.amountMinor();
            counterparty = t.counterpartyWalletId();
        } else if (movement instanceof TransferReceived t) {
            type = MovementType.TRANSFER_RECEIVED;
            statement = t.statement();
            amount = t.amountMinor();
            counterparty = t.counterpartyWalletId();
        } else if (movement instanceof CreditLineOpened o) {
            type = MovementType.CREDIT_LINE_OPENED;
            statement = o.description();
            amount = o.limitMinor();
        } else if (movement instanceof CreditPaymentReported p) {
            type = MovementType.CREDIT_PAYMENT;
            statement = p.statement();
            amount = p.amountToCapitalMinor();
        } else if (movement instanceof CreditLimitChanged l) {
            type = MovementType.CREDIT_LIMIT_CHANGED;
            statement = l.statement();
            amount = l.newLimitMinor();
        } else if (movement instanceof ChargebackCredited b) {
            type = MovementType.CHARGEBACK_CREDIT;
            statement = "Chargeback won";
            amount = b.amountMinor();
            cardId = b.cardId();
            c11 = b.transactionId();
        } else {
            throw new IllegalArgumentException("Unknown wallet movement " + movement.getClass().getName());
        }
        return new TransactionRow(movement.walletId(), envelope.sequence(), envelope.eventId(), movement.movementId(), type,
                cardId, null, null, null, false, c11, null, null, null, null, counterparty, statement, amount,
                movement.availableDeltaMinor(), movement.withheldDeltaMinor(), balance.availableMinor(), balance.withheldMinor(),
                balance.currency(), null, List.of(), null, occurredAt, null, occurredAt, Issuers.PAYCADDY, traceId);
    }

    private static List<String> flags(Set<MovementFlag> flags) {
        if (flags == null) {
            return List.of();
        }
        // Sorted, so the same set always reads back the same way.
        return flags.stream().map(Enum::name).sorted().toList();
    }
}
