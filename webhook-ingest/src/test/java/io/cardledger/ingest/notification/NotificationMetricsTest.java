package io.cardledger.ingest.notification;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationMetricsTest {
    @Test
    void invented_methods_all_share_one_OTHER_series() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NotificationMetrics metrics = new NotificationMetrics(registry);

        for (int i = 0; i < 5_000; i++) {
            metrics.httpRequest("MADEUP" + i, 405, 1_000);
        }
        metrics.httpRequest("POST", 200, 1_000);
        metrics.httpRequest("GET", 405, 1_000);
        metrics.httpRequest("TRACE", 405, 1_000);

        Set<String> methods = registry.find(NotificationMetrics.HTTP_SERVER_REQUESTS).timers().stream()
                .map(t -> t.getId().getTag("method")).collect(Collectors.toSet());
        assertThat(methods).containsExactlyInAnyOrder("POST", "GET", "OTHER");
        long series = registry.getMeters().stream().map(Meter::getId)
                .filter(id -> id.getName().equals(NotificationMetrics.HTTP_SERVER_REQUESTS)).count();
        assertThat(series).isEqualTo(3);
        assertThat(registry.find(NotificationMetrics.HTTP_SERVER_REQUESTS).tag("method", "OTHER").timer().count()).isEqualTo(5_001);
    }
}
