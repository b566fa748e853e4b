package io.cardledger.ledger.observability;

import io.cardledger.ledger.analyst.AnomalyKind;
import io.cardledger.ledger.application.LedgerEventPublisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Map;

/**
 * State of the ledger that no counter shows, read when Prometheus scrapes (at most once per
 * {@link #REFRESH_NANOS}, so a dashboard refreshing often costs the database nothing more):
 * <ul>
 *   <li>{@code cardledger.ledger.outbox.lag} — events stored but not yet published to Kafka (event
 *       store head minus the outbox processor's position). Only the instance that holds the outbox's
 *       segment knows its position; the others report NaN, so dashboards take the max over pods.</li>
 *   <li>{@code cardledger.ledger.anomalies} by {@code kind} — the anomalies report's rows (the fixed
 *       {@link AnomalyKind} list: bounded tag values).</li>
 * </ul>
 * The hot paths are untouched: both are read off tables and processor state the ledger keeps anyway.
 */
@Component
public class LedgerStateMetrics implements MeterBinder {
    static final long REFRESH_NANOS = 10_000_000_000L;

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;

    private long refreshedAt = System.nanoTime() - REFRESH_NANOS;
    private Map<AnomalyKind, Long> anomalies = new EnumMap<>(AnomalyKind.class);

    public LedgerStateMetrics(EventStore eventStore, EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("cardledger.ledger.outbox.lag", this, LedgerStateMetrics::outboxLag)
                .description("Events stored in the event store but not yet published to the ledger-events topic")
                .baseUnit("events").register(registry);
        for (AnomalyKind kind : AnomalyKind.values()) {
            Gauge.builder("cardledger.ledger.anomalies", this, m -> m.anomalies(kind))
                    .description("Rows of the anomalies report, by kind").tag("kind", kind.name()).register(registry);
        }
    }

    /** NaN where this instance does not run the outbox's segment; a segment that has read nothing yet is at -1. */
    double outboxLag() {
        var statuses = processing.eventProcessor(LedgerEventPublisher.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(p -> p.processingStatus().values()).orElse(java.util.List.of());
        if (statuses.isEmpty()) {
            return Double.NaN;
        }
        long position = statuses.stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(-1)).min().orElse(-1);
        TrackingToken head = eventStore.createHeadToken();
        long headPosition = head == null ? -1 : head.position().orElse(-1);
        return Math.max(0, headPosition - position);
    }

    synchronized double anomalies(AnomalyKind kind) {
        if (System.nanoTime() - refreshedAt >= REFRESH_NANOS) {
            Map<AnomalyKind, Long> counts = new EnumMap<>(AnomalyKind.class);
            jdbc.query("SELECT kind, count(*) FROM analyst_anomaly GROUP BY kind", rs -> {
                try {
                    counts.put(AnomalyKind.valueOf(rs.getString(1)), rs.getLong(2));
                } catch (IllegalArgumentException unknownKind) {
                    // A kind written by a newer version during a rolling upgrade: not one of this version's tags.
                }
            });
            anomalies = counts;
            refreshedAt = System.nanoTime();
        }
        return anomalies.getOrDefault(kind, 0L);
    }
}
