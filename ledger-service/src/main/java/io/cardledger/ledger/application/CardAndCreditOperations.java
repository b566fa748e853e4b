package io.cardledger.ledger.application;

import io.cardledger.events.card.ChargebackStatusReported;
import io.cardledger.events.chargeback.ChargebackReport;
import io.cardledger.ledger.card.CardCommands;
import io.cardledger.ledger.card.CardRefusedException;
import io.cardledger.ledger.card.CardState;
import io.cardledger.ledger.card.ChargebackState;
import io.cardledger.ledger.wallet.CreditState;
import io.cardledger.ledger.wallet.WalletCommands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Issue 21's use cases (PayCaddy parity): card controls and limits, credit lines, chargebacks. Each
 * runs in one unit of work of {@link LedgerOperations}, with its retry on a lost race.
 */
@Service
public class CardAndCreditOperations {
    private final LedgerOperations ledger;
    private final CommandGateway commands;
    private final Clock clock;

    public CardAndCreditOperations(LedgerOperations ledger, CommandGateway commands, Clock clock) {
        this.ledger = ledger;
        this.commands = commands;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- cards

    public CardState card(String cardId) {
        return onCard(cardId, "describe-card", () -> commands.sendAndWait(new CardCommands.DescribeCard(cardId, clock.instant())));
    }

    public CardState block(String cardId) {
        return onCard(cardId, "block-card", () -> commands.sendAndWait(new CardCommands.BlockCard(cardId, clock.instant())));
    }

    public CardState unblock(String cardId) {
        return onCard(cardId, "unblock-card", () -> commands.sendAndWait(new CardCommands.UnblockCard(cardId, clock.instant())));
    }

    public CardState cancel(String cardId) {
        return onCard(cardId, "cancel-card", () -> commands.sendAndWait(new CardCommands.CancelCard(cardId, clock.instant())));
    }

    public CardState setMonthlyLimit(String cardId, long limitMinor) {
        return onCard(cardId, "card-limit", () -> commands.sendAndWait(
                new CardCommands.SetMonthlyLimit(cardId, limitMinor, clock.instant())));
    }

    // ---------------------------------------------------------------- chargebacks

    public ChargebackState requestChargeback(String cardId, String transactionId) {
        return onCard(cardId, "request-chargeback", () -> commands.sendAndWait(
                new CardCommands.RequestChargeback(cardId, transactionId, clock.instant())));
    }

    public ChargebackState chargeback(String cardId, String transactionId) {
        return onCard(cardId, "describe-chargeback", () -> commands.sendAndWait(
                new CardCommands.DescribeChargeback(cardId, transactionId)));
    }

    /**
     * The issuer's chargeback report, recorded on the card; a WON report credits the wallet in the same
     * transaction (the credit's movement id is the card + c11: once per chargeback, whatever the redeliveries).
     */
    public void reportChargeback(ChargebackReport report) {
        reportChargeback(report, null);
    }

    /** As {@link #reportChargeback(ChargebackReport)}, its commands and events carrying {@code traceparent} (null for none). */
    public void reportChargeback(ChargebackReport report, String traceparent) {
        ledger.inUnitOfWork("chargeback-report", () -> {
            ChargebackStatusReported recorded = commands.sendAndWait(Traced.command(new CardCommands.ReportChargebackStatus(
                    report.cardId(), report.transactionId(), report.reportId(), report.status(), report.amountMinor(),
                    report.rawBody(), clock.instant()), traceparent));
            if (recorded != null && recorded.creditedMinor() > 0) {
                commands.sendAndWait(Traced.command(new WalletCommands.CreditChargeback(recorded.walletId(),
                        "chargeback:" + recorded.cardId() + ":" + recorded.transactionId(), recorded.cardId(),
                        recorded.transactionId(), recorded.creditedMinor(), clock.instant()), traceparent));
            }
            return recorded;
        });
    }

    // ---------------------------------------------------------------- credit lines

    public CreditState registerCreditWallet(String walletId, String userId, String currency, int walletType,
                                            String description, int termDays, long limitMinor) {
        return ledger.inUnitOfWork("register-credit-wallet", () -> commands.sendAndWait(new WalletCommands.RegisterCreditWallet(
                walletId, userId, currency, walletType, description, termDays, limitMinor, clock.instant())));
    }

    public CreditState reportCreditPayment(String operationId, String walletId, long amountToCapitalMinor,
                                           long amountInterestMinor, String currency, String statement, boolean restoreCredit) {
        return ledger.inUnitOfWork("credit-payment", () -> commands.sendAndWait(new WalletCommands.ReportCreditPayment(
                walletId, operationId, amountToCapitalMinor, amountInterestMinor, currency, statement, restoreCredit,
                clock.instant())));
    }

    public CreditState changeCreditLimit(String operationId, String walletId, long newLimitMinor, String currency,
                                         String statement) {
        return ledger.inUnitOfWork("credit-limit", () -> commands.sendAndWait(new WalletCommands.ChangeCreditLimit(
                walletId, operationId, newLimitMinor, currency, statement, clock.instant())));
    }

    public CreditState credit(String walletId) {
        return ledger.inUnitOfWork("describe-credit", () -> commands.sendAndWait(
                new WalletCommands.DescribeCredit(walletId, clock.instant())));
    }

    /** A card command; a card the event store has never heard of is the issuer's "card not found". */
    private <T> T onCard(String cardId, String name, Supplier<T> work) {
        try {
            return ledger.inUnitOfWork(name, work);
        } catch (AggregateNotFoundException e) {
            throw new CardRefusedException(CardRefusedException.Reason.CARD_NOT_FOUND, "No card " + cardId + " is registered");
        }
    }
}
