package io.cardledger.ledger.analyst;

import io.cardledger.ledger.analyst.AnomalyProjection.Changes;
import io.cardledger.ledger.analyst.AnomalyProjection.Stored;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The anomalies projection's own thread: it reads the stored events' fields and decides a batch's changes
 * while the outbox's processor thread goes on reading and publishing the batch (ADR 0006). The processor
 * hands the events over in chunks, in the order it read them; the chunks of a batch run one after another
 * (each starts when the one before it has finished), so the changes are decided in stream order exactly
 * as they were on the processor's thread. At prepare-commit the processor waits for the batch's last chunk
 * ({@link Batch#decided}) and writes the changes in the batch's transaction, with its token: nothing about
 * what is committed, or when, changes; only which thread does the reading.
 */
final class AnomalyDecider implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnomalyDecider.class);
    /** Events per hand-over: few enough hand-overs per batch, and little left to decide at prepare-commit. */
    static final int CHUNK = 256;

    private final ExecutorService thread;
    private final BiConsumer<Stored, Changes> decide;
    private final Duration timeout;

    AnomalyDecider(BiConsumer<Stored, Changes> decide, Duration timeout) {
        this.decide = decide;
        this.timeout = timeout;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "anomalies-decider");
            t.setDaemon(true);
            return t;
        });
    }

    /** A new batch (one per unit of work of the processor). */
    Batch batch() {
        return new Batch(thread, decide, timeout);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** One batch's events on their way to the decider, and the changes it decided. Used by the processor's thread only. */
    static final class Batch {
        private final Executor thread;
        private final BiConsumer<Stored, Changes> decide;
        private final Duration timeout;
        private final Changes changes = new Changes();
        /** Every event of the batch, in order: what the processor's thread decides itself if the decider fails. */
        private final List<Stored> all = new ArrayList<>();
        private List<Stored> chunk = new ArrayList<>(CHUNK);
        /** Completes when every chunk handed over so far has been decided; fails if one of them failed. */
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Batch(Executor thread, BiConsumer<Stored, Changes> decide, Duration timeout) {
            this.thread = thread;
            this.decide = decide;
            this.timeout = timeout;
        }

        void add(Stored event) {
            all.add(event);
            chunk.add(event);
            if (chunk.size() >= CHUNK) {
                handOver();
            }
        }

        private void handOver() {
            if (chunk.isEmpty()) {
                return;
            }
            List<Stored> events = chunk;
            chunk = new ArrayList<>(CHUNK);
            tail = tail.thenRunAsync(() -> events.forEach(e -> decide.accept(e, changes)), thread);
        }

        /**
         * Hands over what is left and waits until the whole batch is decided. The decider logs and leaves out an
         * event it cannot read. If the decider itself fails, or does not answer within the timeout, the
         * processor's thread decides the batch again from the start, as it did before the decider existed:
         * a failing decider costs time, never a retried batch (which would publish the batch again) and never
         * a lost anomaly. Only if that fails too does the batch fail (and is retried, its token not stored).
         */
        Changes decided() {
            handOver();
            try {
                tail.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
