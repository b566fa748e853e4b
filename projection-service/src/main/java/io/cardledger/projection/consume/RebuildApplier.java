package io.cardledger.projection.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
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
    private final EventDecoder decoder = new EventDecoder(LedgerEventTypes.configure(new ObjectMapper())
                .registerModule(io.cardledger.events.text.TextSafety.cleaningModule()));
    private final Map<String, Long> positions = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();
    private long applied;
    private long duplicates;
    private long gaps;
    private long skipped;
    private long decodeNanos;
    private volatile int aggregates;
    private long writeNanos;

    /** The whole-pass batches of the first pass; null once {@link #finishFirstPass} wrote them. */
    private List<ReadModelProjection.Bulk> bulks;
    /** Projections without a whole-pass batch: chunk batches throughout. */
    private final List<ReadModelProjection> chunked = new ArrayList<>();

    public RebuildApplier(List<ReadModelProjection> projections) {
        this.projections = projections;
        this.bulks = new ArrayList<>();
        for (ReadModelProjection p : projections) {
            p.beginBulk().ifPresentOrElse(bulks::add, () -> chunked.add(p));
        }
    }

    /**
     * Ends the first pass: writes what the whole-pass batches collapsed. Call only when every
     * prepared chunk has been written. Later chunks (the catch-up before and during the
     * switch-over) use every projection's chunk batches, upserting into the filled tables.
     */
    public void finishFirstPass(JdbcTemplate jdbc, TransactionTemplate tx) {
        if (bulks == null) {
            return;
        }
        long started = System.nanoTime();
        List<ReadModelProjection.Bulk> finishing = bulks;
        bulks = null;
        tx.executeWithoutResult(status -> finishing.forEach(b -> b.finish(jdbc)));
        synchronized (this) {
            writeNanos += System.nanoTime() - started;
        }
    }

    /**
     * A chunk decoded and routed to the read models' batches, its positions already taken, ready
     * to be written. Preparing the next chunk while this one is written keeps both the JVM and
     * PostgreSQL busy; if a write fails the rebuild fails as a whole, so positions running ahead
     * of the writes never outlive it.
     */
    public final class Prepared {
        private final List<ReadModelProjection.Batch> batches;
        private final List<java.util.function.Consumer<JdbcTemplate>> drained;
        private final PollOutcome outcome;

        private Prepared(List<ReadModelProjection.Batch> batches, List<java.util.function.Consumer<JdbcTemplate>> drained,
                         PollOutcome outcome) {
            this.batches = batches;
            this.drained = drained;
            this.outcome = outcome;
        }

        /** One transaction of {@code tx}, on the rebuild's connection. */
        public void write(JdbcTemplate jdbc, TransactionTemplate tx) {
            long started = System.nanoTime();
            tx.executeWithoutResult(status -> {
                batches.forEach(b -> b.writeFresh(jdbc));
                drained.forEach(d -> d.accept(jdbc));
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
        // Decoding is most of the JVM's work and needs no order: both cores may share it.
        List<Decoded> decoded = records.parallelStream()
                .map(r -> decoder.decode(Decoded.KafkaCoordinates.of(r), r.value()))
                .toList();
        PositionTracker tracker = new PositionTracker(positions);
        List<ReadModelProjection.Bulk> whole = bulks;
        List<ReadModelProjection.Batch> batches = (whole == null ? projections : chunked).stream()
                .map(ReadModelProjection::begin).toList();
        List<ReadModelProjection.Batch> routed = new ArrayList<>(batches);
        if (whole != null) {
            whole.forEach(b -> routed.add(adding(b)));
        }
        PollOutcome outcome = ProjectionApplier.route(decoded, tracker, routed);
        List<java.util.function.Consumer<JdbcTemplate>> drained = whole == null ? List.of()
                : whole.stream().map(ReadModelProjection.Bulk::drain).toList();
        tracker.advanced().forEach((id, seq) -> {
            positions.put(id, seq);
            types.putIfAbsent(id, tracker.typeOf(id));
        });
        aggregates = positions.size();
        synchronized (this) {
            decodeNanos += System.nanoTime() - started;
        }
        return new Prepared(batches, drained, outcome);
    }

    /** Routes events into a whole-pass batch; writing is the bulk's own business. */
    private static ReadModelProjection.Batch adding(ReadModelProjection.Bulk bulk) {
        return new ReadModelProjection.Batch() {
            @Override
            public void add(AppliedEvent event) {
                bulk.add(event);
            }

            @Override
            public void write(JdbcTemplate jdbc) {
                throw new UnsupportedOperationException("a whole-pass batch is written by its drain and finish");
            }

            @Override
            public void writeFresh(JdbcTemplate jdbc) {
                throw new UnsupportedOperationException("a whole-pass batch is written by its drain and finish");
            }
        };
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
