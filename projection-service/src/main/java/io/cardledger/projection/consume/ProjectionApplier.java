package io.cardledger.projection.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.LedgerEventTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies one poll of ledger events to every read model in ONE PostgreSQL transaction: positions,
 * gaps, skipped events and all read-model rows commit together or not at all. That is what makes
 * redelivery a no-op: a poll that rolled back left no position behind, and a poll that committed
 * moved the positions past everything it applied.
 */
@Component
public class ProjectionApplier {
    private final JdbcTemplate jdbc;
    private final List<ReadModelProjection> projections;
    private final List<PollWriteListener> listeners;
    private final EventDecoder decoder;

    public ProjectionApplier(JdbcTemplate jdbc, List<ReadModelProjection> projections, List<PollWriteListener> listeners) {
        this.jdbc = jdbc;
        this.projections = projections;
        this.listeners = listeners;
        // The contract's own JSON settings, kept apart from Spring MVC's mapper so neither changes the other.
        this.decoder = new EventDecoder(LedgerEventTypes.configure(new ObjectMapper())
                .registerModule(io.cardledger.events.text.TextSafety.cleaningModule()));
    }

    @Transactional
    public PollOutcome apply(List<ConsumerRecord<String, byte[]>> records) {
        // First statement of the transaction, before any table is touched: a rebuild switching
        // tables over holds this lock exclusively, so a poll is applied wholly before or wholly after.
        ProjectionLocks.shareLiveApply(jdbc);
        List<Decoded> decoded = decode(decoder, records);
        PositionTracker positions = new PositionTracker(lockPositions(aggregateIds(decoded)));
        List<ReadModelProjection.Batch> batches = projections.stream().map(ReadModelProjection::begin).toList();
        PollOutcome outcome = route(decoded, positions, batches);
        batches.forEach(b -> b.write(jdbc));
        writeGaps(jdbc, outcome.gaps());
        writeSkipped(jdbc, outcome.skipped());
        writePositions(positions);
        // Last, after every write: e.g. every instance's in-memory balance copy gets these rows as they stand, at commit.
        listeners.forEach(l -> l.pollWritten(jdbc, outcome.applied()));
        return outcome;
    }

    static List<Decoded> decode(EventDecoder decoder, List<ConsumerRecord<String, byte[]>> records) {
        List<Decoded> decoded = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> r : records) {
            decoded.add(decoder.decode(Decoded.KafkaCoordinates.of(r), r.value()));
        }
        return decoded;
    }

    private static TreeSet<String> aggregateIds(List<Decoded> decoded) {
        TreeSet<String> aggregateIds = new TreeSet<>();
        for (Decoded d : decoded) {
            LedgerEventEnvelope envelope = envelopeOf(d);
            if (envelope != null) {
                aggregateIds.add(envelope.aggregateId());
            }
        }
        return aggregateIds;
    }

    /**
     * Runs decoded events past the positions and hands each one in sequence to every read model's
     * batch. The same routing serves the live poll and a rebuild's chunk, so both apply exactly
     * the same events in the same way.
     */
    static PollOutcome route(List<Decoded> decoded, PositionTracker positions, List<ReadModelProjection.Batch> batches) {
        List<AppliedEvent> applied = new ArrayList<>();
        List<PollOutcome.Gap> gaps = new ArrayList<>();
        List<PollOutcome.Skipped> skipped = new ArrayList<>();
        int duplicates = 0;

        for (Decoded d : decoded) {
            LedgerEventEnvelope envelope = envelopeOf(d);
            if (envelope == null) {
                skipped.add(new PollOutcome.Skipped(d.at(), "unreadable", null, null, null, null, ((Decoded.Unreadable) d).detail()));
                continue;
            }
            PositionTracker.Decision decision = positions.next(envelope.aggregateId(), envelope.aggregateType(), envelope.sequence());
            if (decision.verdict() == PositionTracker.Verdict.DUPLICATE) {
                duplicates++;
                continue;
            }
            if (decision.verdict() == PositionTracker.Verdict.GAP) {
                gaps.add(new PollOutcome.Gap(envelope.aggregateId(), String.valueOf(envelope.aggregateType()),
                        decision.expectedSequence(), envelope.sequence(), envelope.eventId()));
            }
            // An event we cannot apply still takes its place in the aggregate's sequence: holding the
            // position back would only turn the next event into a gap. It is recorded for a rebuild.
            if (d instanceof Decoded.Readable readable) {
                AppliedEvent event = new AppliedEvent(envelope, readable.event(), d.at().traceId());
                // Whatever a read model logs about this event names its trace (docs/adr/0012-trace-context.md).
                TraceLogging.during(event.traceId(), () -> batches.forEach(b -> b.add(event)));
                applied.add(event);
            } else if (d instanceof Decoded.UnknownType) {
                skipped.add(new PollOutcome.Skipped(d.at(), "unknown_type", envelope.eventId(), envelope.aggregateId(),
                        envelope.sequence(), envelope.type(), "no read model knows this event type"));
            } else {
                skipped.add(new PollOutcome.Skipped(d.at(), "unreadable", envelope.eventId(), envelope.aggregateId(),
                        envelope.sequence(), envelope.type(), ((Decoded.Unreadable) d).detail()));
            }
        }
        return new PollOutcome(applied, gaps, skipped, duplicates);
    }

    private static LedgerEventEnvelope envelopeOf(Decoded d) {
        if (d instanceof Decoded.Readable r) {
            return r.envelope();
        }
        if (d instanceof Decoded.UnknownType u) {
            return u.envelope();
        }
        return ((Decoded.Unreadable) d).envelope();
    }

    /**
     * Locks the positions of this poll's aggregates, in id order so two pollers can never
     * deadlock. Kafka already gives each aggregate to one consumer; the lock covers the moment of
     * a rebalance when two instances may briefly both hold events of one aggregate. A position
     * that does not exist yet is inserted at the end with a plain INSERT, so the same race there
     * fails on the primary key and the poll is retried instead of applying twice.
     */
    private Map<String, Long> lockPositions(TreeSet<String> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> stored = new HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT aggregate_id, last_sequence FROM projection_position "
                    + "WHERE aggregate_id = ANY (?) ORDER BY aggregate_id FOR UPDATE");
            Array ids = con.createArrayOf("varchar", aggregateIds.toArray());
            ps.setArray(1, ids);
            return ps;
        }, rs -> {
            stored.put(rs.getString(1), rs.getLong(2));
        });
        return stored;
    }

    private void writePositions(PositionTracker positions) {
        List<Object[]> created = new ArrayList<>();
        positions.created().forEach((id, seq) -> created.add(new Object[]{id, positions.typeOf(id), seq}));
        if (!created.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO projection_position (aggregate_id, aggregate_type, last_sequence) VALUES (?, ?, ?)", created);
        }
        List<Object[]> moved = new ArrayList<>();
        positions.moved().forEach((id, seq) -> moved.add(new Object[]{seq, id}));
        if (!moved.isEmpty()) {
            jdbc.batchUpdate("UPDATE projection_position SET last_sequence = ?, updated_at = now() WHERE aggregate_id = ?", moved);
        }
    }

    static void writeGaps(JdbcTemplate jdbc, List<PollOutcome.Gap> gaps) {
        if (gaps.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO projection_gap (aggregate_id, aggregate_type, expected_sequence, received_sequence, event_id) "
                        + "VALUES (?, ?, ?, ?, ?)",
                gaps.stream().map(g -> new Object[]{g.aggregateId(), g.aggregateType(), g.expectedSequence(), g.receivedSequence(), g.eventId()}).toList());
    }

    static void writeSkipped(JdbcTemplate jdbc, List<PollOutcome.Skipped> skipped) {
        if (skipped.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO projection_skipped_event (topic, kafka_partition, kafka_offset, reason, event_id, aggregate_id, "
                        + "sequence, event_type, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                skipped.stream().map(s -> new Object[]{s.at().topic(), s.at().partition(), s.at().offset(), s.reason(), s.eventId(),
                        s.aggregateId(), s.sequence(), s.eventType(), s.detail()}).toList());
    }
}
