package io.cardledger.ledger.wallet;

import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.CardMovementPosted;
import io.cardledger.events.wallet.ChargebackCredited;
import io.cardledger.events.wallet.CreditLimitChanged;
import io.cardledger.events.wallet.CreditLineBlocked;
import io.cardledger.events.wallet.CreditLineOpened;
import io.cardledger.events.wallet.CreditPaymentReported;
import io.cardledger.events.wallet.PayInRecorded;
import io.cardledger.events.wallet.PayOutRecorded;
import io.cardledger.events.wallet.TransferReceived;
import io.cardledger.events.wallet.TransferSent;
import io.cardledger.events.wallet.WalletMovement;
import io.cardledger.events.wallet.WalletRegistered;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.cardledger.ledger.wallet.WalletRefusedException.Reason.BALANCE_OVERFLOW;
import static io.cardledger.ledger.wallet.WalletRefusedException.Reason.CURRENCY_MISMATCH;
import static io.cardledger.ledger.wallet.WalletRefusedException.Reason.INSUFFICIENT_FUNDS;
import static io.cardledger.ledger.wallet.WalletRefusedException.Reason.WALLET_CONFLICT;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One issuer wallet: its available and withheld balances in minor units of one currency.
 * Card movements are facts and always apply (available may go negative, which is flagged);
 * pay-outs and outgoing transfers, which the integrator asks us to record, are checked against
 * the available balance. Every movement event carries the balance after it.
 */
// Snapshots are Jackson JSON of the fields (no getters are involved); see LedgerConfig#ledgerSnapshotTrigger.
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
@Aggregate(cache = "walletCache", commandTargetResolver = "ledgerCommandTargetResolver",
        snapshotTriggerDefinition = "ledgerSnapshotTrigger")
public class Wallet {
    @AggregateIdentifier
    private String aggregateId;
    private String walletId;
    private String userId;
    private String currency;
    private int walletType;
    private Balance balance;
    /** Integrator operation ids already recorded: a retried request records nothing twice. */
    private final Set<String> operations = new HashSet<>();
    /**
     * What each recorded operation id moved (kind, wallets, amount, currency): an id reused for a
     * different operation is refused instead of being taken for a retry. Snapshots taken before
     * this field existed lack it; their ids are then treated as plain retries, as before.
     */
    private final Map<String, String> operationTerms = new HashMap<>();
    /** The credit line, or null for a debit or prepaid wallet (and in snapshots taken before credit lines existed). */
    private CreditLine credit;

    protected Wallet() {
        // For Axon: the state is rebuilt from events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public WalletState handle(WalletCommands.RegisterWallet c) {
        if (walletId != null) {
            if (!currency.equals(c.currency()) || !userId.equals(c.userId()) || walletType != c.walletType()) {
                throw new WalletRefusedException(WALLET_CONFLICT,
                        "Wallet " + c.walletId() + " is registered for user " + userId + " in " + currency);
            }
            return state();
        }
        apply(new WalletRegistered(c.walletId(), c.userId(), c.currency(), c.walletType(), c.registeredAt()));
        return state();
    }

    @CommandHandler
    public WalletState handle(WalletCommands.DescribeWallet c) {
        return state();
    }

    @CommandHandler
    public WalletState handle(WalletCommands.PostCardMovements c) {
        for (CardNotificationRecorded m : c.movements()) {
            Balance after = balance.plus(m.availableDeltaMinor(), m.withheldDeltaMinor());
            Set<MovementFlag> flags = EnumSet.noneOf(MovementFlag.class);
            flags.addAll(m.flags());
            boolean blockLine = false;
            if (credit == null) {
                if (after.availableMinor() < 0 && m.availableDeltaMinor() < 0) {
                    flags.add(MovementFlag.NEGATIVE_AVAILABLE);
                }
            } else {
                // A credit line: available is limit - used, so below zero means over the limit. All O(1).
                blockLine = credit.flag(flags, after, m.availableDeltaMinor(), c.postedAt());
            }
            CardNotification n = m.notification().notification();
            apply(new CardMovementPosted(walletId, m.movementId(), m.cardId(), m.notificationId(), n.type(), n.kind(),
                    n.moneySend(), n.transactionId(), n.authorizationCode(), n.merchantName(), n.merchantId(),
                    n.merchantCategory(), n.amountMinor(), m.availableDeltaMinor(), m.withheldDeltaMinor(), after,
                    m.authorization().status(), flags, m.rulebookVersion(), n.transactionTime(), c.postedAt()));
            if (blockLine) {
                apply(new CreditLineBlocked(walletId, "used past its term of " + credit.termDays() + " days",
                        m.movementId(), c.postedAt()));
            }
        }
        return state();
    }

    /** Another issuer's card movement (KatFacil): the card decided it; the wallet records it with the balance after. */
    @CommandHandler
    public WalletState handle(PostIssuerMovement c) {
        Balance after = balance.plus(c.availableDeltaMinor(), 0);
        Set<MovementFlag> flags = EnumSet.noneOf(MovementFlag.class);
        flags.addAll(c.flags());
        if (after.availableMinor() < 0 && c.availableDeltaMinor() < 0) {
            flags.add(MovementFlag.NEGATIVE_AVAILABLE);
        }
        apply(new CardMovementPosted(walletId, c.movementId(), c.cardId(), c.eventId(), c.eventType(), null, false,
                c.transactionId(), null, c.merchantName(), null, null, c.amountMinor(), c.availableDeltaMinor(), 0, after, null,
                flags, c.rulesVersion(), c.transactionTime(), c.postedAt(), c.issuer()));
        return state();
    }

    // ---------------------------------------------------------------- credit lines (issue 21)

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public CreditState handle(WalletCommands.RegisterCreditWallet c) {
        if (walletId != null) {
            if (credit == null || !currency.equals(c.currency()) || !userId.equals(c.userId())
                    || credit.openingLimitMinor() != c.limitMinor() || credit.termDays() != c.termDays()) {
                throw new WalletRefusedException(WALLET_CONFLICT, "Wallet " + c.walletId() + " is registered for user "
                        + userId + " in " + currency + (credit == null ? " without a credit line"
                        : " with a credit line of " + credit.openingLimitMinor() + " for " + credit.termDays() + " days"));
            }
            return creditState(c.registeredAt());
        }
        apply(new WalletRegistered(c.walletId(), c.userId(), c.currency(), c.walletType(), c.registeredAt()));
        apply(new CreditLineOpened(c.walletId(), c.limitMinor(), c.termDays(), c.description(), c.currency(),
                moved(c.limitMinor()), c.registeredAt()));
        return creditState(c.registeredAt());
    }

    @CommandHandler
    public CreditState handle(WalletCommands.ReportCreditPayment c) {
        if (alreadyRecorded(c.operationId(), creditPaymentTerms(c.amountToCapitalMinor(), c.amountInterestMinor(),
                c.currency(), c.restoreCredit()))) {
            return creditState(c.at());
        }
        assertCreditLine();
        assertSameCurrency(c.currency());
        apply(new CreditPaymentReported(walletId, c.operationId(), c.amountToCapitalMinor(), c.amountInterestMinor(),
                currency, c.statement(), c.restoreCredit(), moved(c.amountToCapitalMinor()), c.at()));
        return creditState(c.at());
    }

    @CommandHandler
    public CreditState handle(WalletCommands.ChangeCreditLimit c) {
        if (alreadyRecorded(c.operationId(), limitChangeTerms(c.newLimitMinor(), c.currency()))) {
            return creditState(c.at());
        }
        assertCreditLine();
        assertSameCurrency(c.currency());
        long previous = credit.limitMinor();
        apply(new CreditLimitChanged(walletId, c.operationId(), previous, c.newLimitMinor(), currency, c.statement(),
                moved(Math.subtractExact(c.newLimitMinor(), previous)), c.at()));
        return creditState(c.at());
    }

    @CommandHandler
    public CreditState handle(WalletCommands.DescribeCredit c) {
        assertCreditLine();
        return creditState(c.at());
    }

    /** A chargeback won for the cardholder: a fact from the issuer, never refused; once per chargeback. */
    @CommandHandler
    public WalletState handle(WalletCommands.CreditChargeback c) {
        if (operations.contains(c.movementId())) {
            return state();
        }
        apply(new ChargebackCredited(walletId, c.movementId(), c.cardId(), c.transactionId(), c.amountMinor(), currency,
                balance.plus(c.amountMinor(), 0), c.at()));
        return state();
    }

    private void assertCreditLine() {
        if (credit == null) {
            throw new WalletRefusedException(WalletRefusedException.Reason.NOT_A_CREDIT_WALLET,
                    "Wallet " + walletId + " has no credit line");
        }
    }

    private CreditState creditState(java.time.Instant at) {
        return credit.state(walletId, userId, currency, balance, at);
    }

    private static String creditPaymentTerms(long capital, long interest, String currency, boolean restore) {
        return "credit payment of " + capital + " capital and " + interest + " interest " + currency
                + (restore ? " restoring the line" : "");
    }

    private static String limitChangeTerms(long newLimit, String currency) {
        return "credit limit change to " + newLimit + " " + currency;
    }

    @CommandHandler
    public WalletState handle(WalletCommands.RecordPayIn c) {
        if (alreadyRecorded(c.operationId(), payInTerms(c.amountMinor(), c.currency()))) {
            return state();
        }
        assertSameCurrency(c.currency());
        apply(new PayInRecorded(walletId, c.operationId(), c.amountMinor(), currency, c.statement(),
                moved(c.amountMinor()), c.at()));
        return state();
    }

    @CommandHandler
    public WalletState handle(WalletCommands.RecordPayOut c) {
        if (alreadyRecorded(c.operationId(), payOutTerms(c.amountMinor(), c.currency()))) {
            return state();
        }
        assertSameCurrency(c.currency());
        assertSufficientFunds(c.amountMinor());
        apply(new PayOutRecorded(walletId, c.operationId(), c.amountMinor(), currency, c.statement(),
                moved(-c.amountMinor()), c.at()));
        return state();
    }

    @CommandHandler
    public WalletState handle(WalletCommands.SendTransfer c) {
        if (alreadyRecorded(c.operationId(), transferTerms(walletId, c.toWalletId(), c.amountMinor(), c.currency()))) {
            return state();
        }
        assertSameCurrency(c.currency());
        assertSufficientFunds(c.amountMinor());
        apply(new TransferSent(walletId, c.operationId(), c.toWalletId(), c.amountMinor(), currency, c.statement(),
                moved(-c.amountMinor()), c.at()));
        return state();
    }

    @CommandHandler
    public WalletState handle(WalletCommands.ReceiveTransfer c) {
        if (alreadyRecorded(c.operationId(), transferTerms(c.fromWalletId(), walletId, c.amountMinor(), c.currency()))) {
            return state();
        }
        if (!currency.equals(c.currency())) {
            throw new WalletRefusedException(WalletRefusedException.Reason.TARGET_CURRENCY_MISMATCH,
                    "Wallet " + walletId + " holds " + currency + ", the transfer is in " + c.currency());
        }
        apply(new TransferReceived(walletId, c.operationId(), c.fromWalletId(), c.amountMinor(), currency, c.statement(),
                moved(c.amountMinor()), c.at()));
        return state();
    }

    /**
     * True for a retry of an operation already recorded (nothing to do); a refusal for an id this
     * wallet recorded for a different operation, which would otherwise be skipped here while the
     * other side of a transfer, never having seen the id, moved the money.
     */
    private boolean alreadyRecorded(String operationId, String terms) {
        if (!operations.contains(operationId)) {
            return false;
        }
        String recorded = operationTerms.get(operationId);
        if (recorded != null && !recorded.equals(terms)) {
            throw new WalletRefusedException(WalletRefusedException.Reason.OPERATION_CONFLICT,
                    "Operation " + operationId + " was recorded on wallet " + walletId + " as " + recorded
                            + "; this request is " + terms);
        }
        return true;
    }

    private static String payInTerms(long amountMinor, String currency) {
        return "pay-in of " + amountMinor + " " + currency;
    }

    private static String payOutTerms(long amountMinor, String currency) {
        return "pay-out of " + amountMinor + " " + currency;
    }

    private static String transferTerms(String from, String to, long amountMinor, String currency) {
        return "transfer of " + amountMinor + " " + currency + " from " + from + " to " + to;
    }

    private static String termsOf(WalletMovement e) {
        if (e instanceof PayInRecorded p) {
            return payInTerms(p.amountMinor(), p.currency());
        }
        if (e instanceof PayOutRecorded p) {
            return payOutTerms(p.amountMinor(), p.currency());
        }
        if (e instanceof TransferSent t) {
            return transferTerms(t.walletId(), t.counterpartyWalletId(), t.amountMinor(), t.currency());
        }
        if (e instanceof TransferReceived t) {
            return transferTerms(t.counterpartyWalletId(), t.walletId(), t.amountMinor(), t.currency());
        }
        if (e instanceof CreditPaymentReported p) {
            return creditPaymentTerms(p.amountToCapitalMinor(), p.amountInterestMinor(), p.currency(), p.restoreCredit());
        }
        if (e instanceof CreditLimitChanged l) {
            return limitChangeTerms(l.newLimitMinor(), l.currency());
        }
        if (e instanceof ChargebackCredited b) {
            return "chargeback credit of " + b.amountMinor() + " " + b.currency() + " for " + b.cardId() + "/" + b.transactionId();
        }
        throw new IllegalArgumentException("Not an integrator operation: " + e.movementId());
    }

    private void assertSameCurrency(String requested) {
        if (!currency.equals(requested)) {
            throw new WalletRefusedException(CURRENCY_MISMATCH,
                    "Wallet " + walletId + " holds " + currency + ", the operation is in " + requested);
        }
    }

    private void assertSufficientFunds(long amountMinor) {
        if (balance.availableMinor() < amountMinor) {
            throw new WalletRefusedException(INSUFFICIENT_FUNDS,
                    "Wallet " + walletId + " has " + balance.availableMinor() + " available, the operation needs " + amountMinor);
        }
    }

    /**
     * The balance after an integrator's operation, refused when it (or the total, which the read
     * models store too) would not fit in a long: never a wrapped-around balance, never a 500.
     */
    private Balance moved(long availableDeltaMinor) {
        try {
            Balance after = balance.plus(availableDeltaMinor, 0);
            after.totalMinor();
            return after;
        } catch (ArithmeticException e) {
            throw new WalletRefusedException(BALANCE_OVERFLOW, "Wallet " + walletId + " holds " + balance.availableMinor()
                    + " available and " + balance.withheldMinor() + " withheld; moving " + availableDeltaMinor
                    + " more would exceed the largest balance the ledger can hold. Nothing was recorded.");
        }
    }

    private WalletState state() {
        return new WalletState(walletId, userId, currency, walletType, balance.availableMinor(), balance.withheldMinor());
    }

    @EventSourcingHandler
    void on(WalletRegistered e) {
        aggregateId = WalletCommands.aggregateId(e.walletId());
        walletId = e.walletId();
        userId = e.userId();
        currency = e.currency();
        walletType = e.walletType();
        balance = new Balance(0, 0, e.currency());
    }

    @EventSourcingHandler
    void on(WalletMovement e) {
        balance = e.balanceAfter();
        if (e instanceof CardMovementPosted) {
            return;
        }
        if (e instanceof CreditLineOpened o) {
            credit = CreditLine.opened(o.limitMinor(), o.termDays(), o.occurredAt());
            return;
        }
        if (e instanceof CreditPaymentReported p) {
            credit = credit.paid(p.amountInterestMinor(), p.restoreCredit(), p.occurredAt());
        } else if (e instanceof CreditLimitChanged l) {
            credit = credit.withLimit(l.newLimitMinor());
        }
        operations.add(e.movementId());
        operationTerms.put(e.movementId(), termsOf(e));
    }

    @EventSourcingHandler
    void on(CreditLineBlocked e) {
        credit = credit.blocked();
    }

    /**
     * Estimated heap this wallet takes in the wallet cache: it grows with the integrator operations it recorded (each
     * id, and its terms).
     */
    public long estimatedHeapBytes() {
        return 1_500L + 350L * operations.size();
    }
}
