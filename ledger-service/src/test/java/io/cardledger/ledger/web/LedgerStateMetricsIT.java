package io.cardledger.ledger.web;

import io.cardledger.ledger.analyst.AnomalyKind;
import io.cardledger.ledger.support.LedgerHttpITBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The state gauges the dashboard and the alerts read: outbox lag and the anomalies report by kind. */
@AutoConfigureObservability
class LedgerStateMetricsIT extends LedgerHttpITBase {
    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    private String scrape() {
        return http.getForObject("/actuator/prometheus", String.class);
    }

    /**
     * 0 once everything is published, on the instance that holds the outbox's one segment; NaN on any
     * other (here: when an earlier test's context in this JVM, on the same database, claimed it first).
     */
    @Test
    void theOutboxLagIsExportedAndReturnsToZeroOnceEverythingIsPublished() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(scrape()).containsPattern("cardledger_ledger_outbox_lag_events\\{application=\"ledger-service\"} (0\\.0|NaN)\n"));
    }

    @Test
    void anomaliesAreCountedByKindFromTheReport() {
        // given one more anomaly row of a kind
        String key = "metrics-" + UUID.randomUUID();
        long before = jdbc.queryForObject("SELECT count(*) FROM analyst_anomaly WHERE kind = 'OPEN_HOLD'", Long.class);
        jdbc.update("INSERT INTO analyst_anomaly (kind, anomaly_key, occurred_at, global_index) VALUES ('OPEN_HOLD', ?, now(), 0)", key);

        // then the gauge shows it once its cache has expired, and every kind has a series
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape())
                .contains("cardledger_ledger_anomalies{application=\"ledger-service\",kind=\"OPEN_HOLD\"} " + (before + 1) + ".0"));
        for (AnomalyKind kind : AnomalyKind.values()) {
            assertThat(scrape()).contains("kind=\"" + kind.name() + "\"");
        }
        jdbc.update("DELETE FROM analyst_anomaly WHERE anomaly_key = ?", key);
    }
}
