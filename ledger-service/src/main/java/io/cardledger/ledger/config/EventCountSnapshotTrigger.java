package io.cardledger.ledger.config;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

import java.io.Serializable;

/**
 * Makes an aggregate due for a snapshot every {@code threshold} events it handles (loaded or newly
 * applied), and tells the snapshotter at once: {@link InlineSnapshotter} then takes the snapshot when
 * the unit of work commits.
 *
 * <p>Axon's {@code EventCountSnapshotTriggerDefinition} counts the same way but defers the call until
 * the unit of work's cleanup (after the commit) for any aggregate whose trigger was never told that
 * loading finished, and that includes every aggregate created in this process and kept in the cache
 * since: for those, a snapshot could only be taken after the commit, in a transaction of its own.
 */
public final class EventCountSnapshotTrigger implements SnapshotTriggerDefinition {
    private final Snapshotter snapshotter;
    private final int threshold;

    public EventCountSnapshotTrigger(Snapshotter snapshotter, int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("snapshot threshold must be at least 1, was " + threshold);
        }
        this.snapshotter = snapshotter;
        this.threshold = threshold;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new Counter(snapshotter, aggregateType, threshold);
    }

    /** A trigger read back from a serializing cache gets the snapshotter again. */
    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof Counter counter) {
            counter.snapshotter = snapshotter;
            return counter;
        }
        return prepareTrigger(aggregateType);
    }

    /** Kept with the aggregate in the cache, so the count runs on across units of work. */
    static final class Counter implements SnapshotTrigger, Serializable {
        private static final long serialVersionUID = 1L;

        private transient Snapshotter snapshotter;
        private final Class<?> aggregateType;
        private final int threshold;
        private int counter;

        Counter(Snapshotter snapshotter, Class<?> aggregateType, int threshold) {
            this.snapshotter = snapshotter;
            this.aggregateType = aggregateType;
            this.threshold = threshold;
        }

        @Override
        public void eventHandled(EventMessage<?> message) {
            if (message instanceof DomainEventMessage<?> event && ++counter >= threshold) {
                counter = 0;
                snapshotter.scheduleSnapshot(aggregateType, event.getAggregateIdentifier());
            }
        }

        @Override
        public void initializationFinished() {
            // Nothing to wait for: InlineSnapshotter decides when to take the snapshot.
        }
    }
}
