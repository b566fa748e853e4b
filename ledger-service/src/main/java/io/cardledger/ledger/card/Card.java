package io.cardledger.ledger.card;

import io.cardledger.events.card.CardNotificationRecorded;
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
import java.util.List;
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
@Revision("rulebook-1.1")
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

    protected Card() {
        // For Axon: the state is rebuilt from events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<CardNotificationRecorded> handle(CardCommands.RecordNotification command) {
        RawNotification raw = command.notification();
        if (book.hasSeen(raw.notificationId())) {
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
            CardNotificationRecorded event = recorded(cardId, book.walletId(), d, extraFlags, at, RULEBOOK);
            apply(event);
            recorded.add(event);
        }
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
    }
}
