package io.cardledger.projection.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the ledger's events, from the first, to a rebuild's fresh tables. Events go through the
 * same decoding, position check and read-model batches as a live poll; what differs is where the
 * positions live (in memory, written once at the end: the fresh tables belong to this rebuild
 * alone) and how rows are written ({@link ReadModelProjection.Batch#writeFresh}, COPY where it can).
 * Chunks are prepared on one thread, in order; their writes may run on another.
 */
public final class RebuildApplier {
    private final List<ReadModelProjection> projections;
    private final EventDecoder decoder = new EventDecoder(LedgerEventTypes.configure(new ObjectMapper()));
    private final Map<String, Long> positions = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();
    private long applied;
    private long duplicates;
    private long gaps;
    private long skipped;
    private long decodeNanos;
    private volatile int aggregates;
    private long writeNanos;

    public RebuildApplier(List<ReadModelProjection> projections) {
        this.projections = projections;
    }

    /**
     * A chunk decoded and routed to the read models' batches, its positions already taken, ready
     * to be written. Preparing the next chunk while this one is written keeps both the JVM and
     * PostgreSQL busy; if a write fails the rebuild fails as a whole, so positions running ahead
     * of the writes never outlive it.
     */
    public final class Prepared {
        private final List<ReadModelProjection.Batch> batches;
        private final PollOutcome outcome;

        private Prepared(List<ReadModelProjection.Batch> batches, PollOutcome outcome) {
            this.batches = batches;
            this.outcome = outcome;
        }

        /** One transaction of {@code tx}, on the rebuild's connection. */
        public void write(JdbcTemplate jdbc, TransactionTemplate tx) {
            long started = System.nanoTime();
            tx.executeWithoutResult(status -> {
                batches.forEach(b -> b.writeFresh(jdbc));
                ProjectionApplier.writeGaps(jdbc, outcome.gaps());
                ProjectionApplier.writeSkipped(jdbc, outcome.skipped());
            });
            synchronized (RebuildApplier.this) {
                writeNanos += System.nanoTime() - started;
                applied += outcome.applied().size();
                duplicates += outcome.duplicates();
                gaps += outcome.gaps().size();
                skipped += outcome.skipped().size();
            }
        }
    }

    /** Decodes and routes a chunk; chunks must be prepared in the order they were read. */
    public Prepared prepare(List<ConsumerRecord<String, byte[]>> records) {
        long started = System.nanoTime();
        List<Decoded> decoded = ProjectionApplier.decode(decoder, records);
        PositionTracker tracker = new PositionTracker(positions);
        List<ReadModelProjection.Batch> batches = projections.stream().map(ReadModelProjection::begin).toList();
        PollOutcome outcome = ProjectionApplier.route(decoded, tracker, batches);
        tracker.advanced().forEach((id, seq) -> {
            positions.put(id, seq);
            types.putIfAbsent(id, tracker.typeOf(id));
        });
        aggregates = positions.size();
        synchronized (this) {
            decodeNanos += System.nanoTime() - started;
        }
        return new Prepared(batches, outcome);
    }

    /** Writes every aggregate's position; the last step before the tables are switched over. */
    public void writePositions(JdbcTemplate jdbc) {
        CopyRows copy = new CopyRows();
        positions.forEach((id, seq) -> copy.text(id).text(types.get(id)).number(seq).endRow());
        copy.copyInto(jdbc, "projection_position", "aggregate_id, aggregate_type, last_sequence");
    }

    public synchronized long applied() {
        return applied;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long gaps() {
        return gaps;
    }

    public synchronized long skipped() {
        return skipped;
    }

    /** Time spent decoding and routing events to the read models, and writing them to PostgreSQL. */
    public synchronized String timings() {
        return String.format("decode+route %d ms, write %d ms", decodeNanos / 1_000_000, writeNanos / 1_000_000);
    }

    public int aggregates() {
        return aggregates;
    }
}
