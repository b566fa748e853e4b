package io.cardledger.projection.consume;

import io.cardledger.events.Topics;
import io.cardledger.projection.parking.ParkingConfig;
import io.cardledger.support.parking.ParkedRecords;
import io.cardledger.support.parking.PoisonSplitter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Feeds each poll of the ledger's event topic to the read models. Offsets are committed after
 * the listener returns, i.e. after the database transaction; a crash in between redelivers the
 * poll, which the positions turn into a no-op.
 *
 * <p>A poll that fails for a transient reason (the database down, a position race) is retried
 * whole by the container, with back-off, for as long as it takes. One that fails otherwise is
 * split until the events that fail on their own are found; they are parked in
 * {@code parked_record} and the rest is applied (the aggregate's next event then records the
 * gap, as for any event that cannot be applied).
 */
@Component
class LedgerEventListener {
    private static final Logger log = LoggerFactory.getLogger(LedgerEventListener.class);

    private final ProjectionApplier applier;
    private final ProjectionMetrics metrics;

    private final PoisonSplitter splitter;
    private final ParkedRecords parked;

    LedgerEventListener(ProjectionApplier applier, ProjectionMetrics metrics, PoisonSplitter splitter, ParkedRecords parked) {
        this.applier = applier;
        this.metrics = metrics;
        this.splitter = splitter;
        this.parked = parked;
    }

    @KafkaListener(id = "ledger-events", topics = Topics.LEDGER_EVENTS, batch = "true",
            concurrency = "${cardledger.projection.concurrency:2}")
    void onPoll(List<ConsumerRecord<String, byte[]>> records) {
        List<PollOutcome> outcomes = new ArrayList<>(1);
        try {
            splitter.apply(records, part -> outcomes.add(applier.apply(part)),
                    (record, failure) -> parked.park(ParkingConfig.PROJECTION, record, failure));
        } catch (RuntimeException transientFailure) {
            // Only transient failures leave the splitter: the container retries the poll with back-off.
            log.warn("Poll of {} ledger events failed for a transient reason, retried with back-off: {}", records.size(),
                    transientFailure.toString());
            throw transientFailure;
        }
        outcomes.forEach(this::report);
    }

    private void report(PollOutcome outcome) {
        for (AppliedEvent e : outcome.applied()) {
            metrics.applied(e.envelope().type(), e.envelope().timestamp());
        }
        for (PollOutcome.Gap g : outcome.gaps()) {
            metrics.gap(g.aggregateType());
            log.warn("Sequence gap on {} {}: expected sequence {}, received {} (event {}); events {}..{} are missing "
                            + "from the read models and were recorded in projection_gap",
                    g.aggregateType(), g.aggregateId(), g.expectedSequence(), g.receivedSequence(), g.eventId(),
                    g.expectedSequence(), g.receivedSequence() - 1);
        }
        for (PollOutcome.Skipped s : outcome.skipped()) {
            metrics.skipped(s.reason());
            TraceLogging.during(s.at().traceId(), () -> log.warn("Skipped ledger event ({}) at {}-{}@{}: event {} of {} sequence {} type {}: {}",
                    s.reason(), s.at().topic(), s.at().partition(), s.at().offset(), s.eventId(), s.aggregateId(), s.sequence(),
                    s.eventType(), s.detail()));
        }
        metrics.skipped("duplicate", outcome.duplicates());
        if (outcome.duplicates() > 0) {
            log.debug("Ignored {} redelivered ledger events", outcome.duplicates());
        }
    }
}
