package io.cardledger.ledger.config;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class InlineSnapshotterTest {
    private final AggregateModel<Counter> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class);
    private final RecordingEngine engine = new RecordingEngine();
    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
    private final BoundedAggregateCache cache = new BoundedAggregateCache(100);
    private final List<String> replayed = new ArrayList<>();
    private final InlineSnapshotter snapshotter = new InlineSnapshotter(Map.of(Counter.class, cache),
            type -> AnnotatedAggregateMetaModelFactory.inspectAggregate(type), eventStore,
            TransactionOperations.withoutTransaction(), (type, id) -> replayed.add(id));

    @AfterEach
    void shutDown() {
        eventStore.shutDown();
    }

    @Test
    void aSnapshotDueInACommandIsTakenWhenTheWholeUnitOfWorkCommitsFromTheInstanceInMemory() {
        Counter counter = cached("c-1", 7, 41);
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(null);
        snapshotter.scheduleSnapshot(Counter.class, "c-1");
        command.commit();
        assertThat(engine.stored).isEmpty();

        // a later command of the same batch changes the aggregate and makes it due again
        counter.value = 8;
        UnitOfWork<?> another = DefaultUnitOfWork.startAndGet(null);
        snapshotter.scheduleSnapshot(Counter.class, "c-1");
        another.commit();
        batch.commit();

        assertThat(engine.stored).hasSize(1);
        DomainEventMessage<?> snapshot = engine.stored.get(0);
        assertThat(snapshot.getAggregateIdentifier()).isEqualTo("c-1");
        assertThat(snapshot.getSequenceNumber()).isEqualTo(41);
        assertThat(snapshot.getType()).isEqualTo("Counter");
        assertThat(snapshot.getPayload()).isSameAs(counter);
        assertThat(((Counter) snapshot.getPayload()).value).isEqualTo(8);
        assertThat(replayed).isEmpty();
    }

    @Test
    void aRolledBackUnitOfWorkTakesNoSnapshot() {
        cached("c-1", 7, 41);
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        snapshotter.scheduleSnapshot(Counter.class, "c-1");
        batch.rollback();

        assertThat(engine.stored).isEmpty();
        assertThat(replayed).isEmpty();
    }

    @Test
    void anAggregateNotInTheCacheOrDueOutsideAUnitOfWorkIsLeftToTheReplayingSnapshotter() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        snapshotter.scheduleSnapshot(Counter.class, "c-gone");
        batch.commit();
        cached("c-1", 7, 41);
        snapshotter.scheduleSnapshot(Counter.class, "c-1");
        snapshotter.scheduleSnapshot(String.class, "not-cached-type");

        assertThat(engine.stored).isEmpty();
        assertThat(replayed).containsExactly("c-gone", "c-1", "not-cached-type");
    }

    @Test
    void aSnapshotThatFailsToStoreDoesNotFailTheUnitOfWork() {
        cached("c-1", 7, 41);
        engine.failing = true;
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        List<String> committed = new ArrayList<>();
        batch.afterCommit(u -> committed.add("yes"));
        snapshotter.scheduleSnapshot(Counter.class, "c-1");
        batch.commit();

        assertThat(committed).containsExactly("yes");
        assertThat(engine.stored).isEmpty();
    }

    private Counter cached(String id, int value, long version) {
        Counter counter = new Counter(id, value);
        EventSourcedAggregate<Counter> aggregate = EventSourcedAggregate.reconstruct(counter, model, version, false,
                eventStore, NoSnapshotTriggerDefinition.TRIGGER);
        cache.put(id, new AggregateCacheEntry<>(aggregate));
        return counter;
    }

    static final class Counter {
        @AggregateIdentifier
        String id;
        int value;

        Counter(String id, int value) {
            this.id = id;
            this.value = value;
        }
    }

    static final class RecordingEngine extends InMemoryEventStorageEngine {
        final List<DomainEventMessage<?>> stored = new ArrayList<>();
        boolean failing;

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            if (failing) {
                throw new IllegalStateException("disk full");
            }
            stored.add(snapshot);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return Optional.empty();
        }
    }
}
