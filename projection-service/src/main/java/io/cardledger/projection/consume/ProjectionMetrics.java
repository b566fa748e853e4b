package io.cardledger.projection.consume;

import io.cardledger.events.LedgerEventTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The projection's meters. Tags stay low-cardinality: event types come from the contract's fixed
 * list (anything else is tagged {@code unknown}), never an aggregate id.
 */
@Component
public class ProjectionMetrics {
    static final String LAG = "projection.lag";
    static final String APPLIED = "projection.events.applied";
    static final String SKIPPED = "projection.events.skipped";
    static final String GAPS = "projection.gaps";

    private final MeterRegistry registry;
    private final Clock clock;
    /** By type tag: the contract's fixed list plus "unknown". */
    private final Map<String, Meters> byType = new ConcurrentHashMap<>();

    public ProjectionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.clock = Clock.systemUTC();
    }

    /** Event timestamp to committed, i.e. visible to readers. */
    public void applied(String eventType, Instant eventTimestamp) {
        // Called for every event: the meters are looked up once per type, not built and registered each time.
        Meters meters = byType.computeIfAbsent(tagOf(eventType), this::metersOf);
        meters.applied().increment();
        if (eventTimestamp != null) {
            Duration lag = Duration.between(eventTimestamp, clock.instant());
            meters.lag().record(lag.isNegative() ? Duration.ZERO : lag);
        }
    }

    private record Meters(Counter applied, Timer lag) {
    }

    private Meters metersOf(String type) {
        return new Meters(
                Counter.builder(APPLIED).description("Events applied to the read models").tag("type", type).register(registry),
                Timer.builder(LAG).description("Time from the event being stored to its effect being visible in the read models")
                        .tag("type", type).publishPercentileHistogram().register(registry));
    }

    public void skipped(String reason) {
        Counter.builder(SKIPPED).description("Events consumed but not applied (duplicate, unknown_type, unreadable)")
                .tag("reason", reason).register(registry).increment();
    }

    public void skipped(String reason, int count) {
        if (count > 0) {
            Counter.builder(SKIPPED).description("Events consumed but not applied (duplicate, unknown_type, unreadable)")
                    .tag("reason", reason).register(registry).increment(count);
        }
    }

    public void gap(String aggregateType) {
        Counter.builder(GAPS).description("Sequence gaps detected: events that never reached the projection")
                .tag("aggregate_type", "Card".equals(aggregateType) || "Wallet".equals(aggregateType) ? aggregateType : "unknown")
                .register(registry).increment();
    }

    private static String tagOf(String eventType) {
        if (eventType == null) {
            return "unknown";
        }
        if (LedgerEventTypes.byName(eventType).isPresent() || KYC_TYPE.equals(eventType)) {
            return eventType;
        }
        return "unknown";
    }

    public static final String KYC_TYPE = "KycStatusReported";
}
