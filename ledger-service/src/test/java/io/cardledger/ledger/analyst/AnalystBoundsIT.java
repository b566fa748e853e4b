package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.testing.SharedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Analyst work is bounded: it runs on its own pool of one connection here (so it can never take
 * one of the ledger's), and a query that runs past the statement timeout is cancelled by
 * PostgreSQL and answered 503 problem+json, not 500. The slow query is made real by holding a lock
 * on the anomalies table from the ledger's own pool, as a long write or migration would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cardledger.analyst.pool.maximum-size=1",
        "cardledger.analyst.statement-timeout=1500ms",
        "cardledger.analyst.pool.connection-timeout=300ms"})
class AnalystBoundsIT {
    private static final String ANALYST_TOKEN = "test-analyst-token";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        SharedInfra.get().springProperties("ledger").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("cardledger.security.service-token", () -> "test-token");
        registry.add("cardledger.security.analyst-token", () -> ANALYST_TOKEN);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    DataSource ledgerDataSource;
    @Autowired
    AnalystDatabase analyst;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    LedgerOperations ledger;
    @Autowired
    ObjectMapper json;

    private ResponseEntity<String> anomalies() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(ANALYST_TOKEN);
        return http.exchange("/api/v1/analyst/anomalies", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    @Test
    void analystQueriesHaveTheirOwnSmallPool() {
        assertThat(ledgerDataSource).isInstanceOf(HikariDataSource.class);
        assertThat(((HikariDataSource) ledgerDataSource).getPoolName()).isNotEqualTo("analyst");
        assertThat(analyst.pool()).isNotSameAs(ledgerDataSource);
        assertThat(analyst.pool().getPoolName()).isEqualTo("analyst");
        assertThat(analyst.maximumPoolSize()).isEqualTo(1);
        assertThat(analyst.jdbc().queryForObject("SHOW statement_timeout", String.class)).isEqualTo("1500ms");
        assertThat(jdbc.queryForObject("SHOW statement_timeout", String.class)).isEqualTo("0");
    }

    @Test
    void aSlowAnalystQueryIsCancelledAndAnswered503WhileTheLedgerGoesOn() throws Exception {
        String wallet = "w-" + UUID.randomUUID().toString().substring(0, 8);
        ledger.registerWallet(wallet, "u-1", "USD", 0);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.executeWithoutResult(status -> {
            jdbc.execute("LOCK TABLE analyst_anomaly IN ACCESS EXCLUSIVE MODE");
            // the first analyst request takes the analyst pool's only connection and waits for the lock
            CompletableFuture<ResponseEntity<String>> slow = CompletableFuture.supplyAsync(this::anomalies);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> analyst.pool().getHikariPoolMXBean().getActiveConnections() == 1);

            // a second one finds the analyst pool busy: 503, not a wait on the ledger's pool
            ResponseEntity<String> busy = anomalies();
            assertThat(busy.getStatusCode().value()).as(busy.getBody()).isEqualTo(503);
            assertThat(busy.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(busy.getBody()).contains("Analyst queries busy");

            // the ledger's own work is not starved meanwhile
            assertThat(ledger.payIn("pi-" + wallet, wallet, 1_000, "USD", "during a slow analyst query").availableMinor())
                    .isEqualTo(1_000);

            ResponseEntity<String> cancelled;
            try {
                cancelled = slow.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertThat(cancelled.getStatusCode().value()).as(cancelled.getBody()).isEqualTo(503);
            assertThat(cancelled.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(cancelled.getBody()).contains("Analyst query took too long").contains("1500 ms");
            status.setRollbackOnly();
        });

        // and once the lock is gone the same request answers
        ResponseEntity<String> after = anomalies();
        assertThat(after.getStatusCode().value()).as(after.getBody()).isEqualTo(200);
        JsonNode report = json.readTree(after.getBody());
        assertThat(report.has("counts")).isTrue();
    }
}
