package io.cardledger.projection.consume;

import io.cardledger.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Feeds each poll of the ledger's event topic to the read models. Offsets are committed after
 * the listener returns, i.e. after the database transaction; a crash in between redelivers the
 * poll, which the positions turn into a no-op.
 */
@Component
class LedgerEventListener {
    private static final Logger log = LoggerFactory.getLogger(LedgerEventListener.class);

    private final ProjectionApplier applier;
    private final ProjectionMetrics metrics;

    LedgerEventListener(ProjectionApplier applier, ProjectionMetrics metrics) {
        this.applier = applier;
        this.metrics = metrics;
    }

    @KafkaListener(id = "ledger-events", topics = Topics.LEDGER_EVENTS, batch = "true",
            concurrency = "${cardledger.projection.concurrency:2}")
    void onPoll(List<ConsumerRecord<String, byte[]>> records) {
        PollOutcome outcome = applier.apply(records);
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
            log.warn("Skipped ledger event ({}) at {}-{}@{}: event {} of {} sequence {} type {}: {}", s.reason(),
                    s.at().topic(), s.at().partition(), s.at().offset(), s.eventId(), s.aggregateId(), s.sequence(),
                    s.eventType(), s.detail());
        }
        metrics.skipped("duplicate", outcome.duplicates());
        if (outcome.duplicates() > 0) {
            log.debug("Ignored {} redelivered ledger events", outcome.duplicates());
        }
    }
}
