package io.cardledger.ledger.card;

import io.cardledger.events.card.CardBlocked;
import io.cardledger.events.card.CardCancelled;
import io.cardledger.events.card.CardMonthlyLimitSet;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.CardUnblocked;
import io.cardledger.events.card.ChargebackOutcome;
import io.cardledger.events.card.ChargebackRequested;
import io.cardledger.events.card.ChargebackStatusReported;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.notification.RawNotification;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One issued card: the lifecycle of its authorizations (keyed by c11) under rulebook 1.1
 * ({@link Rulebook}; events recorded under v1 load unchanged, docs/adr/0005-rulebook-versions.md).
 * A card notification is a fact, never refused; a notification for a card not registered yet
 * waits on the card and is applied when it is registered. Each command returns the movements
 * it recorded, which the caller posts to the card's wallet in the same transaction.
 */
// Snapshots are Jackson JSON of the fields (no getters are involved); see LedgerConfig#ledgerSnapshotTrigger.
// The revision names the snapshot layout: snapshots of another revision (rulebook v1's book) are ignored
// and the card is rebuilt from its events (Axon's RevisionSnapshotFilter, set up by the @Revision).
// "+card-state": issue 21 added the card's status, limit, spending and chargebacks to the snapshot.
// "+issuer": the issuer (paycaddy or katfacil) the card was registered for, shown by GET /api/v1/cards/{id}.
// "+seen-in-lives": the book's seen set no longer repeats the ids of the notifications in its lives (CardBook).
@Revision("rulebook-1.1+card-state+issuer+seen-in-lives")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
@Aggregate(cache = "cardCache", commandTargetResolver = "ledgerCommandTargetResolver",
        snapshotTriggerDefinition = "ledgerSnapshotTrigger")
public class Card {
    private static final Rulebook RULEBOOK = Rulebook.standard();

    @AggregateIdentifier
    private String aggregateId;
    private String cardId;
    private final CardBook book = new CardBook();
    private String userId;
    private String product;
    /** paycaddy or katfacil (CardRegistered.issuerName()). */
    private String issuer;
    private boolean physical;
    private Instant registeredAt;
    private CardStatus status = CardStatus.ACTIVE;
    /** 0 = no monthly limit. */
    private long monthlyLimitMinor;
    /** The calendar month (UTC, as year * 12 + month - 1) {@link #spentMinor} counts. */
    private int spendingMonth = -1;
    /** What card movements took from available in {@link #spendingMonth}, net of what they gave back. */
    private long spentMinor;
    /** Chargebacks by c11. */
    private final Map<String, ChargebackState> chargebacks = new HashMap<>();
    /** Chargeback webhook ids applied: a redelivery changes nothing. */
    private final Set<String> chargebackReports = new HashSet<>();

    protected Card() {
        // For Axon: the state is rebuilt from events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<CardNotificationRecorded> handle(CardCommands.RecordNotification command) {
        RawNotification raw = command.notification();
        if (book.hasSeen(raw)) {
            // A redelivery (webhook retry, Kafka re-consumption after a crash): the money moved once already.
            return List.of();
        }
        if (!book.registered()) {
            apply(new NotificationAwaitingCard(command.cardId(), raw));
            return List.of();
        }
        List<CardNotificationRecorded> recorded = new ArrayList<>();
        applyNotification(command.cardId(), raw, command.recordedAt(), EnumSet.noneOf(MovementFlag.class), recorded);
        return recorded;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<CardNotificationRecorded> handle(CardCommands.RegisterCard command) {
        if (book.registered()) {
            if (book.walletId().equals(command.walletId())) {
                return List.of();
            }
            throw new CardAlreadyRegisteredException(command.cardId(), book.walletId());
        }
        List<RawNotification> waiting = book.awaitingCard();
        apply(new CardRegistered(command.cardId(), command.walletId(), command.userId(), command.product(),
                command.physical(), command.registeredAt(), command.issuer()));
        List<CardNotificationRecorded> recorded = new ArrayList<>();
        for (RawNotification raw : waiting) {
            applyNotification(command.cardId(), raw, command.registeredAt(),
                    EnumSet.of(MovementFlag.APPLIED_ON_CARD_REGISTRATION), recorded);
        }
        return recorded;
    }

    private void applyNotification(String cardId, RawNotification raw, Instant at, Set<MovementFlag> extraFlags,
                                   List<CardNotificationRecorded> recorded) {
        // Each decision is applied (and so recorded in the book) before the next is built: the rulebook
        // decided all of them from the book as it was, so the order of recording changes nothing.
        for (Rulebook.Decision d : RULEBOOK.decide(book, raw)) {
            CardNotificationRecorded event = recorded(cardId, book.walletId(), d, controlFlags(extraFlags, d, at), at, RULEBOOK);
            apply(event);
            recorded.add(event);
        }
    }

    /**
     * The flags of the card's controls (issue 21): a notification on a blocked or cancelled card, or one
     * that takes the month's spending past the card's limit, is applied (it is a fact) and flagged.
     * O(1) on the card's state: the usual active card without a limit costs two comparisons.
     */
    private Set<MovementFlag> controlFlags(Set<MovementFlag> extraFlags, Rulebook.Decision d, Instant at) {
        long delta = d.movement().availableDeltaMinor();
        boolean overLimit = monthlyLimitMinor > 0 && delta < 0 && spentAfter(at, delta) > monthlyLimitMinor;
        if (status == CardStatus.ACTIVE && !overLimit) {
            return extraFlags;
        }
        Set<MovementFlag> flags = EnumSet.noneOf(MovementFlag.class);
        flags.addAll(extraFlags);
        if (status == CardStatus.BLOCKED) {
            flags.add(MovementFlag.CARD_BLOCKED);
        } else if (status == CardStatus.CANCELLED) {
            flags.add(MovementFlag.CARD_CANCELLED);
        }
        if (overLimit) {
            flags.add(MovementFlag.OVER_CARD_LIMIT);
        }
        return flags;
    }

    /** This month's spending after a movement of {@code availableDeltaMinor} at {@code at}; never below zero. */
    private long spentAfter(Instant at, long availableDeltaMinor) {
        long before = monthOf(at) == spendingMonth ? spentMinor : 0;
        return Math.max(0, before - availableDeltaMinor);
    }

    static int monthOf(Instant at) {
        java.time.LocalDate day = java.time.LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), 86_400L));
        return day.getYear() * 12 + day.getMonthValue() - 1;
    }

    // ---------------------------------------------------------------- card controls (issue 21)

    @CommandHandler
    public CardState handle(CardCommands.DescribeCard c) {
        assertRegistered();
        return state(c.at());
    }

    @CommandHandler
    public CardState handle(CardCommands.BlockCard c) {
        assertRegistered();
        assertNotCancelled("blocked");
        if (status == CardStatus.ACTIVE) {
            apply(new CardBlocked(cardId, c.at()));
        }
        return state(c.at());
    }

    @CommandHandler
    public CardState handle(CardCommands.UnblockCard c) {
        assertRegistered();
        assertNotCancelled("unblocked");
        if (status == CardStatus.BLOCKED) {
            apply(new CardUnblocked(cardId, c.at()));
        }
        return state(c.at());
    }

    @CommandHandler
    public CardState handle(CardCommands.CancelCard c) {
        assertRegistered();
        if (status != CardStatus.CANCELLED) {
            apply(new CardCancelled(cardId, c.at()));
        }
        return state(c.at());
    }

    @CommandHandler
    public CardState handle(CardCommands.SetMonthlyLimit c) {
        assertRegistered();
        assertNotCancelled("given a limit");
        if (c.limitMinor() != monthlyLimitMinor) {
            apply(new CardMonthlyLimitSet(cardId, c.limitMinor(), monthlyLimitMinor, c.at()));
        }
        return state(c.at());
    }

    @CommandHandler
    public ChargebackState handle(CardCommands.RequestChargeback c) {
        assertRegistered();
        String c11 = c.transactionId().trim();
        if (book.life(c11).isEmpty()) {
            throw new CardRefusedException(CardRefusedException.Reason.TRANSACTION_NOT_FOUND,
                    "Card " + cardId + " has no transaction with c11 " + c11);
        }
        ChargebackState existing = chargebacks.get(c11);
        if (existing != null) {
            return existing;
        }
        apply(new ChargebackRequested(cardId, book.walletId(), c11, c.at()));
        return chargebacks.get(c11);
    }

    @CommandHandler
    public ChargebackState handle(CardCommands.DescribeChargeback c) {
        assertRegistered();
        ChargebackState state = chargebacks.get(c.transactionId().trim());
        if (state == null) {
            throw new CardRefusedException(CardRefusedException.Reason.TRANSACTION_NOT_FOUND,
                    "No chargeback is recorded for card " + cardId + " and c11 " + c.transactionId());
        }
        return state;
    }

    /**
     * The issuer's chargeback webhook: a fact, never refused. A report for a card or c11 the ledger does
     * not know is recorded unmatched and moves nothing; a WON report credits the amount once per c11.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ChargebackStatusReported handle(CardCommands.ReportChargebackStatus c) {
        if (chargebackReports.contains(c.reportId())) {
            return null;
        }
        String c11 = c.transactionId() == null ? "" : c.transactionId().trim();
        Rulebook.Life life = book.life(c11);
        boolean matched = book.registered() && !life.isEmpty();
        ChargebackOutcome outcome = ChargebackOutcome.of(c.status());
        ChargebackState before = chargebacks.get(c11);
        long credited = 0;
        if (matched && outcome == ChargebackOutcome.WON && (before == null || before.creditedMinor() == 0)) {
            credited = c.amountMinor() != null && c.amountMinor() > 0 ? c.amountMinor() : spentOn(life);
        }
        ChargebackStatusReported event = new ChargebackStatusReported(c.cardId(), book.walletId(), c11, c.reportId(),
                c.status(), outcome, c.amountMinor(), credited, matched, c.rawBody(), c.at());
        apply(event);
        return event;
    }

    /** What a transaction took from the cardholder: its settled amount, else what was authorized. */
    private static long spentOn(Rulebook.Life life) {
        Rulebook.Outcome o = RULEBOOK.evaluate(life);
        long settled = -(o.availableMinor() + o.withheldMinor());
        return settled > 0 ? settled : Math.max(0, o.authorizedMinor());
    }

    private void assertRegistered() {
        if (!book.registered()) {
            throw new CardRefusedException(CardRefusedException.Reason.CARD_NOT_FOUND, "No card " + cardId + " is registered");
        }
    }

    private void assertNotCancelled(String what) {
        if (status == CardStatus.CANCELLED) {
            throw new CardRefusedException(CardRefusedException.Reason.CARD_CANCELLED,
                    "Card " + cardId + " is cancelled for good and cannot be " + what);
        }
    }

    private CardState state(Instant at) {
        boolean thisMonth = at != null && monthOf(at) == spendingMonth;
        int month = at == null ? spendingMonth : monthOf(at);
        return new CardState(cardId, book.walletId(), userId, product, physical, issuer, status,
                status == CardStatus.ACTIVE, monthlyLimitMinor, thisMonth ? spentMinor : 0,
                month < 0 ? null : String.format("%04d-%02d", month / 12, month % 12 + 1), registeredAt);
    }

    /** Estimated heap this card takes in the card cache (its book grows with its history). */
    public long estimatedHeapBytes() {
        return 500L + book.estimatedHeapBytes();
    }

    /** The event that records one decision of the rulebook; the what-if replay builds its own the same way. */
    public static CardNotificationRecorded recorded(String cardId, String walletId, Rulebook.Decision d,
                                                    Set<MovementFlag> extraFlags, Instant at, Rulebook rulebook) {
        Movement m = d.movement();
        Set<MovementFlag> flags = EnumSet.noneOf(MovementFlag.class);
        flags.addAll(m.flags());
        flags.addAll(extraFlags);
        return new CardNotificationRecorded(cardId, walletId, d.movementId(), Rulebook.MAJOR_VERSION, d.notification(),
                m.availableDeltaMinor(), m.withheldDeltaMinor(), m.authorization(), flags, at, rulebook.version());
    }

    @EventSourcingHandler
    void on(CardRegistered e) {
        aggregateId = CardCommands.aggregateId(e.cardId());
        cardId = e.cardId();
        book.register(e.walletId());
        userId = e.userId();
        product = e.product();
        physical = e.physical();
        issuer = e.issuerName();
        registeredAt = e.registeredAt();
    }

    @EventSourcingHandler
    void on(CardBlocked e) {
        status = CardStatus.BLOCKED;
    }

    @EventSourcingHandler
    void on(CardUnblocked e) {
        status = CardStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(CardCancelled e) {
        status = CardStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(CardMonthlyLimitSet e) {
        monthlyLimitMinor = e.limitMinor();
    }

    @EventSourcingHandler
    void on(ChargebackRequested e) {
        chargebacks.put(e.transactionId(), new ChargebackState(cardId, e.transactionId(), true, "REQUESTED",
                ChargebackOutcome.OPEN, 0, e.requestedAt(), null));
    }

    @EventSourcingHandler
    void on(ChargebackStatusReported e) {
        aggregateId = CardCommands.aggregateId(e.cardId());
        cardId = e.cardId();
        chargebackReports.add(e.reportId());
        ChargebackState before = chargebacks.get(e.transactionId());
        long credited = Math.addExact(before == null ? 0 : before.creditedMinor(), e.creditedMinor());
        chargebacks.put(e.transactionId(), new ChargebackState(e.cardId(), e.transactionId(), true, e.status(), e.outcome(),
                credited, before == null ? null : before.requestedAt(), e.reportedAt()));
    }

    @EventSourcingHandler
    void on(NotificationAwaitingCard e) {
        aggregateId = CardCommands.aggregateId(e.cardId());
        cardId = e.cardId();
        book.await(e.notification());
    }

    @EventSourcingHandler
    void on(CardNotificationRecorded e) {
        book.record(e);
        if (e.recordedAt() != null && e.availableDeltaMinor() != 0) {
            int month = monthOf(e.recordedAt());
            if (month != spendingMonth) {
                spendingMonth = month;
                spentMinor = 0;
            }
            spentMinor = Math.max(0, spentMinor - e.availableDeltaMinor());
        }
    }
}
