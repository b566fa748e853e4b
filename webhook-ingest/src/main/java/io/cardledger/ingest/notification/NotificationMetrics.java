package io.cardledger.ingest.notification;

import io.cardledger.events.notification.NotificationKind;
import io.cardledger.ingest.web.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Map;

/**
 * Accepted and rejected notification counters. Tags are the kind family and the rejection
 * reason: fixed, small sets. Never the card id or the raw c1Tipo, which the issuer can invent.
 */
@Component
public class NotificationMetrics {
    static final String NO_KIND = "none";

    private final MeterRegistry meters;
    private final Map<NotificationKind, Counter> accepted = new EnumMap<>(NotificationKind.class);

    public NotificationMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (NotificationKind kind : NotificationKind.values()) {
            accepted.put(kind, Counter.builder("cardledger.ingest.notifications.accepted")
                    .description("Notifications acknowledged by Kafka and answered 200")
                    .tag("kind", kind.family())
                    .register(meters));
        }
    }

    public void accepted(NotificationKind kind) {
        accepted.get(kind).increment();
    }

    public void rejected(String kindFamily, Rejection reason) {
        // Registration is idempotent and cached by the registry; rejections are the rare path.
        Counter.builder("cardledger.ingest.notifications.rejected")
                .description("Notifications answered with an error and not stored")
                .tag("kind", kindFamily)
                .tag("reason", reason.tag())
                .register(meters)
                .increment();
    }
}
