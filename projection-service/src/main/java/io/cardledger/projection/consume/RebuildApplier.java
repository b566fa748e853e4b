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
 * Not thread-safe: one rebuild, one thread.
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

    public RebuildApplier(List<ReadModelProjection> projections) {
        this.projections = projections;
    }

    /** One chunk in one transaction of {@code tx}, on the rebuild's connection. */
    public void apply(List<ConsumerRecord<String, byte[]>> records, JdbcTemplate jdbc, TransactionTemplate tx) {
        if (records.isEmpty()) {
            return;
        }
        List<Decoded> decoded = ProjectionApplier.decode(decoder, records);
        PositionTracker tracker = new PositionTracker(positions);
        List<ReadModelProjection.Batch> batches = projections.stream().map(ReadModelProjection::begin).toList();
        PollOutcome outcome = ProjectionApplier.route(decoded, tracker, batches);
        tx.executeWithoutResult(status -> {
            batches.forEach(b -> b.writeFresh(jdbc));
            ProjectionApplier.writeGaps(jdbc, outcome.gaps());
            ProjectionApplier.writeSkipped(jdbc, outcome.skipped());
        });
        tracker.advanced().forEach((id, seq) -> {
            positions.put(id, seq);
            types.putIfAbsent(id, tracker.typeOf(id));
        });
        applied += outcome.applied().size();
        duplicates += outcome.duplicates();
        gaps += outcome.gaps().size();
        skipped += outcome.skipped().size();
    }

    /** Writes every aggregate's position; the last step before the tables are switched over. */
    public void writePositions(JdbcTemplate jdbc) {
        CopyRows copy = new CopyRows();
        positions.forEach((id, seq) -> copy.text(id).text(types.get(id)).number(seq).endRow());
        copy.copyInto(jdbc, "projection_position", "aggregate_id, aggregate_type, last_sequence");
    }

    public long applied() {
        return applied;
    }

    public long duplicates() {
        return duplicates;
    }

    public long gaps() {
        return gaps;
    }

    public long skipped() {
        return skipped;
    }

    public int aggregates() {
        return positions.size();
    }
}
