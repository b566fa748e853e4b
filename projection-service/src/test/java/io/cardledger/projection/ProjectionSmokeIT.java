package io.cardledger.projection;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionSmokeIT extends ProjectionITBase {

    @Test
    void reportsUpWithPrometheusExposed() {
        assertThat(http.getForObject("/actuator/health", String.class)).contains("\"status\":\"UP\"");
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void flywayMigratedTheRealDatabase() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Integer.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT to_regclass('projection_position') IS NOT NULL", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("SELECT to_regclass('wallet_balance') IS NOT NULL", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
    }

    @Test
    void openApiDocsArePublicAndDescribeTheQueryApi() {
        ResponseEntity<String> docs = http.getForEntity("/v3/api-docs", String.class);
        assertThat(docs.getStatusCode().value()).isEqualTo(200);
        assertThat(docs.getBody()).contains("/api/v1/wallets/{walletId}", "/api/v1/wallets/{walletId}/transactions",
                "/api/v1/cards/{cardId}/authorizations/{transactionId}", "/api/v1/users/{userId}/kyc", "bearer");
        assertThat(http.getForEntity("/swagger-ui.html", String.class).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void apiNeedsTheBearerToken() {
        ResponseEntity<String> anonymous = http.getForEntity("/api/v1/wallets/any", String.class);
        assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
        assertThat(anonymous.getHeaders().getContentType()).hasToString("application/problem+json");
    }
}
