package io.cardledger.ledger.analyst;

import io.cardledger.ledger.analyst.AnomalyProjection.Changes;
import io.cardledger.ledger.analyst.AnomalyProjection.Stored;
import io.cardledger.ledger.application.OrderedHandOver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The anomalies projection's own thread ({@code anomalies-decider}): it reads the stored events' fields and
 * decides a batch's changes while the outbox's processor thread goes on reading and publishing the batch
 * (ADR 0006). The events are handed over in the order the processor read them and decided in that order
 * ({@link OrderedHandOver}), exactly as they were on the processor's thread. At prepare-commit the processor
 * waits for the batch ({@link Batch#decided}) and writes the changes in the batch's transaction, with its
 * token.
 */
final class AnomalyDecider implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnomalyDecider.class);

    private final OrderedHandOver thread = new OrderedHandOver("anomalies-decider");
    private final BiConsumer<Stored, Changes> decide;
    private final Duration timeout;

    AnomalyDecider(BiConsumer<Stored, Changes> decide, Duration timeout) {
        this.decide = decide;
        this.timeout = timeout;
    }

    /** A new batch (one per unit of work of the processor). */
    Batch batch() {
        return new Batch();
    }

    @Override
    public void close() {
        thread.close();
    }

    /** One batch's events on their way to the decider, and the changes it decided. Used by the processor's thread only. */
    final class Batch {
        private final Changes changes = new Changes();
        /** Every event of the batch, in order: what the processor's thread decides itself if the decider fails. */
        private final List<Stored> all = new ArrayList<>();
        private final OrderedHandOver.Batch<Stored> handOver = thread.batch(event -> decide.accept(event, changes));

        void add(Stored event) {
            all.add(event);
            handOver.add(event);
        }

        /**
         * Hands over what is left and waits until the whole batch is decided. The decider logs and leaves out an
         * event it cannot read. If the decider itself fails, or does not answer within the timeout, the
         * processor's thread decides the batch again from the start, as it did before the decider existed:
         * a failing decider costs time, never a retried batch (which would publish the batch again) and never
         * a lost anomaly. Only if that fails too does the batch fail (and is retried, its token not stored).
         */
        Changes decided() {
            try {
                handOver.await(timeout);
                return changes;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the anomalies of a batch were decided", e);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Anomalies decider failed on a batch of {} events ({}); deciding it on the processor's thread",
                        all.size(), e.toString());
                Changes inline = new Changes();
                all.forEach(event -> decide.accept(event, inline));
                return inline;
            }
        }
    }
}
