package io.cardledger.ingest.notification;

import io.cardledger.events.notification.NotificationKind;
import io.cardledger.ingest.web.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Accepted and rejected notification counters. Tags are the kind family and the rejection
 * reason: fixed, small sets. Never the card id or the raw c1Tipo, which the issuer can invent.
 */
@Component
public class NotificationMetrics {
    static final String NO_KIND = "none";

    private final MeterRegistry meters;
    private final Map<NotificationKind, Counter> accepted = new EnumMap<>(NotificationKind.class);
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();

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

    /**
     * The notification webhook's {@code http.server.requests} timer, with the tags Spring's
     * observation gives every other endpoint (same name, same tag keys and values, so dashboards
     * see one series family). Recorded here instead of by {@code ServerHttpObservationFilter}
     * because a profile put that observation's machinery (context, key values, handler chain,
     * async listener) at ~15 % of the request threads' CPU on this path; see
     * {@code NotificationServletConfig#notificationWebhookTimedByItsServlet}.
     */
    public void httpRequest(String method, int status, long nanos) {
        // The method is the caller's text: only a fixed set becomes a tag (and a map key), so a client
        // inventing methods cannot grow this map or the registry.
        String tagged = HTTP_METHODS.contains(method) ? method : "OTHER";
        int code = status >= 100 && status <= 599 ? status : 0;
        requests.computeIfAbsent(tagged + ' ' + code, key -> Timer.builder(HTTP_SERVER_REQUESTS)
                        .tag("error", "none")
                        .tag("exception", "none")
                        .tag("method", tagged)
                        .tag("outcome", outcome(code))
                        .tag("status", Integer.toString(code))
                        .tag("uri", NotificationServlet.PATH)
                        .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** As Spring's {@code HttpOutcome}. */
    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
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
