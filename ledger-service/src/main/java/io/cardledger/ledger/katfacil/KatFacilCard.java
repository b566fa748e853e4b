package io.cardledger.ledger.katfacil;

import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.katfacil.KatFacilEffect;
import io.cardledger.events.katfacil.KatFacilEventAwaitingCard;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.KatFacilEventRecorded;
import io.cardledger.events.katfacil.RawKatFacilEvent;
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
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The KatFacil events of one card ({@link KatFacilRules}). An event is a fact, never refused; an
 * event that arrives before the card's newcard waits on the card and is applied, in arrival order,
 * when the newcard arrives. The same event key twice moves money once. Each command returns what it
 * recorded, which the caller posts to the card's wallet in the same transaction.
 */
// Cached and snapshotted as cards and wallets are (LedgerConfig): without them every poll replayed each card's
// whole KatFacil stream, so applying an event cost more the longer the card had lived. Snapshots are Jackson JSON
// of the fields (no getters); the revision names their layout, a snapshot of another revision is ignored and the
// card rebuilt from its events (Axon's RevisionSnapshotFilter).
@Revision("katfacil-1")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
@Aggregate(cache = "katFacilCache", commandTargetResolver = "ledgerCommandTargetResolver",
        snapshotTriggerDefinition = "ledgerSnapshotTrigger")
public class KatFacilCard {
    @AggregateIdentifier
    private String aggregateId;
    private String cardId;
    private final KatFacilBook book = new KatFacilBook();

    protected KatFacilCard() {
        // For Axon: the state is rebuilt from events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<KatFacilEventRecorded> handle(KatFacilCommands.RecordEvent command) {
        RawKatFacilEvent raw = command.event();
        if (book.hasSeen(raw.eventKey())) {
            // A redelivery (KatFacil's retry with the same event id, or Kafka's after a crash).
            return List.of();
        }
        List<KatFacilEventRecorded> recorded = new ArrayList<>();
        if (raw.event().kind() == KatFacilEventKind.NEW_CARD && !book.registered()) {
            List<RawKatFacilEvent> waiting = book.awaitingCard();
            record(command.cardId(), raw, new KatFacilRules.Decision(KatFacilEffect.CARD_REGISTERED, 0, EnumSet.noneOf(MovementFlag.class)),
                    command.walletId(), command.walletCurrency(), command.recordedAt(), recorded);
            for (RawKatFacilEvent w : waiting) {
                record(command.cardId(), w, KatFacilRules.decide(book, w.event()), book.walletId(), book.walletCurrency(),
                        command.recordedAt(), recorded);
            }
            return recorded;
        }
        if (!book.registered()) {
            apply(new KatFacilEventAwaitingCard(command.cardId(), raw));
            return List.of();
        }
        record(command.cardId(), raw, KatFacilRules.decide(book, raw.event(), command.controls()), book.walletId(),
                book.walletCurrency(), command.recordedAt(), recorded);
        return recorded;
    }

    private void record(String cardId, RawKatFacilEvent raw, KatFacilRules.Decision d, String walletId, String walletCurrency,
                        Instant at, List<KatFacilEventRecorded> recorded) {
        // Applied before the next decision is made: a funding credited here is a repeat for the next event.
        KatFacilEventRecorded event = new KatFacilEventRecorded(cardId, walletId, walletCurrency, raw.eventKey(), raw, d.effect(),
                d.availableDeltaMinor(), d.flags(), at);
        apply(event);
        recorded.add(event);
    }

    @EventSourcingHandler
    void on(KatFacilEventAwaitingCard e) {
        aggregateId = KatFacilCommands.aggregateId(e.cardId());
        cardId = e.cardId();
        book.await(e.event());
    }

    @EventSourcingHandler
    void on(KatFacilEventRecorded e) {
        aggregateId = KatFacilCommands.aggregateId(e.cardId());
        cardId = e.cardId();
        book.record(e);
    }

    /** Estimated heap this card takes in the KatFacil card cache (its book grows with its history). */
    public long estimatedHeapBytes() {
        return 500L + book.estimatedHeapBytes();
    }
}
