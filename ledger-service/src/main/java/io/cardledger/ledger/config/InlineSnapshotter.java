package io.cardledger.ledger.config;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Takes a due snapshot of a card or wallet from the aggregate already in memory, inside the unit of
 * work that made it due and in that unit of work's database transaction.
 *
 * <p>Axon's {@code AggregateSnapshotter} instead runs after the commit, on the same thread, in a
 * transaction (and a WAL flush) of its own, and rebuilds the aggregate by reading and replaying
 * every event since the previous snapshot: with a threshold of N events, every stored event was read
 * back and deserialized once more, and the consumer stalled on one extra commit per snapshot. When
 * many aggregates crossed the threshold together (as cards with even traffic do), applying
 * notifications nearly stopped for seconds. Here a snapshot costs one serialization of the state
 * that is already in memory and one insert in the batch's own transaction.
 *
 * <p>When the unit of work ends (prepare-commit of the root), each aggregate that became due is
 * read from its repository's cache, which holds the very instance the unit of work changed (Axon's
 * caching repository puts it there after each command) and whose lock the unit of work still holds.
 * The snapshot is written under a savepoint: a failure is logged and rolled back to the savepoint,
 * so it never fails the batch of notifications. Committed or rolled back with the batch, a snapshot
 * never describes events that were not stored. Aggregates without a cache, or not in it, and
 * snapshots due outside a unit of work go to {@code fallback} (Axon's replaying snapshotter).
 */
public final class InlineSnapshotter implements Snapshotter {
    private static final Logger log = LoggerFactory.getLogger(InlineSnapshotter.class);
    private static final String DUE = InlineSnapshotter.class.getName() + ".due";

    private final Map<Class<?>, Cache> caches;
    private final Function<Class<?>, AggregateModel<?>> modelFactory;
    private final Map<Class<?>, AggregateModel<?>> models = new ConcurrentHashMap<>();
    private final EventStore eventStore;
    private final TransactionOperations savepoint;
    private final Snapshotter fallback;

    /**
     * @param caches       the repository cache of each aggregate type snapshotted here
     * @param modelFactory the aggregate model of a type (only used for a cache entry that does not hold
     *                     the live aggregate itself, such as one read back from a serializing cache)
     * @param savepoint    runs its callback in a nested transaction (a savepoint) of the current one
     */
    public InlineSnapshotter(Map<Class<?>, Cache> caches, Function<Class<?>, AggregateModel<?>> modelFactory,
                             EventStore eventStore, TransactionOperations savepoint, Snapshotter fallback) {
        this.caches = Map.copyOf(caches);
        this.modelFactory = modelFactory;
        this.eventStore = eventStore;
        this.savepoint = savepoint;
        this.fallback = fallback;
    }

    @Override
    public void scheduleSnapshot(Class<?> aggregateType, String aggregateIdentifier) {
        if (!caches.containsKey(aggregateType) || !CurrentUnitOfWork.isStarted()) {
            fallback.scheduleSnapshot(aggregateType, aggregateIdentifier);
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Due due = new Due(aggregateType, aggregateIdentifier);
        switch (root.phase()) {
            case STARTED -> root.getOrComputeResource(DUE, key -> {
                Set<Due> dueSet = new LinkedHashSet<>();
                root.onPrepareCommit(u -> dueSet.forEach(this::snapshot));
                return dueSet;
            }).add(due);
            case PREPARE_COMMIT -> snapshot(due);
            default -> fallback.scheduleSnapshot(aggregateType, aggregateIdentifier);
        }
    }

    private void snapshot(Due due) {
        EventSourcedAggregate<?> aggregate = cached(due);
        if (aggregate == null) {
            fallback.scheduleSnapshot(due.type(), due.identifier());
            return;
        }
        if (aggregate.isDeleted() || aggregate.version() == null) {
            return;
        }
        GenericDomainEventMessage<?> snapshot = new GenericDomainEventMessage<>(aggregate.type(),
                aggregate.identifierAsString(), aggregate.version(), aggregate.getAggregateRoot());
        try {
            savepoint.executeWithoutResult(status -> eventStore.storeSnapshot(snapshot));
        } catch (RuntimeException e) {
            // Rolled back to the savepoint: the batch goes on, and the aggregate is snapshotted when next due.
            log.warn("Snapshot of {} {} at sequence {} not stored: {}", due.type().getSimpleName(),
                    due.identifier(), aggregate.version(), e.toString());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private EventSourcedAggregate<?> cached(Due due) {
        Object entry = caches.get(due.type()).get(due.identifier());
        if (!(entry instanceof AggregateCacheEntry cacheEntry)) {
            return null;
        }
        AggregateModel model = models.computeIfAbsent(due.type(), modelFactory);
        return cacheEntry.recreateAggregate(model, eventStore, NoSnapshotTriggerDefinition.INSTANCE);
    }

    private record Due(Class<?> type, String identifier) {
    }
}
