package io.cardledger.ingest.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.ingest.RawLog;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.cardledger.ingest.notification.IssuerNotifications.newCardId;
import static io.cardledger.ingest.notification.IssuerNotifications.notification;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service pointed at an address where no broker listens: every webhook must be answered 503
 * with Retry-After, quickly, so the issuer retries instead of believing it was stored.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.admin.auto-create=false",
        "spring.kafka.producer.properties.max.block.ms=500",
        "cardledger.ingest.publish-timeout=1s",
        "cardledger.ingest.webhook-password=pw",
        "cardledger.ingest.kyc-secret=kyc"})
class KafkaUnavailableIT {
    @DynamicPropertySource
    static void deadBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort());
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    /** A port nothing listens on: found by binding and releasing it. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aNotificationIsAnswered503WithRetryAfterWithinThePublishTimeout() throws Exception {
        // given
        String cardId = newCardId();
        long started = System.nanoTime();

        // when
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/paycaddy/notifications"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(notification("pw", "PeticionAutorizacion", cardId).toString())).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("title").asText()).contains("retry");
        assertThat(RawLog.recordsWithKey(Topics.RAW_NOTIFICATIONS, cardId)).isEmpty();

        String prometheus = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(prometheus)
                .containsPattern("cardledger_ingest_notifications_rejected_total\\{[^}]*kind=\"authorization\",reason=\"kafka_unavailable\"[^}]*} 1")
                .containsPattern("cardledger_ingest_kafka_publish_seconds_count\\{[^}]*outcome=\"failed\"[^}]*} 1");
    }

    @Test
    void aKycStatusIsAnswered503Too() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/paycaddy/kyc"))
                .header("Content-Type", "application/json").header("X-Webhook-Secret", "kyc")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"userId\":\"u-503\"},\"status\":\"verified\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    }
}
