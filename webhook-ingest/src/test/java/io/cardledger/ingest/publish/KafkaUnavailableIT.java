package io.cardledger.ingest.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.ingest.RawLog;
import io.cardledger.testing.SharedInfra;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.cardledger.ingest.notification.IssuerNotifications.newCardId;
import static io.cardledger.ingest.notification.IssuerNotifications.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's broker address at first has nothing listening: every webhook must be answered 503
 * with Retry-After, quickly, so the issuer retries instead of believing it was stored. Then the
 * address starts forwarding to the shared test broker, as a broker coming back would: the issuer's
 * retry of the very same body is acknowledged and lands on the raw topic exactly once. That last
 * check is what makes the "nothing stored" half observable: this service's writes do reach the
 * broker the test reads, and the refused attempt left no copy of its own.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.admin.auto-create=false",
        "spring.kafka.producer.properties.max.block.ms=500",
        "spring.kafka.producer.properties.reconnect.backoff.max.ms=200",
        "cardledger.ingest.publish-timeout=1s",
        "cardledger.ingest.webhook-password=pw",
        "cardledger.ingest.kyc-secret=kyc", "cardledger.katfacil.secret=kf"})
class KafkaUnavailableIT {
    /** A port nothing listens on yet: found by binding and releasing it; fixed once, the context reads it lazily. */
    private static final int BROKER_PORT = freePort();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BrokerComingBack broker;

    @DynamicPropertySource
    static void deadBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + BROKER_PORT);
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @AfterAll
    static void stopForwarding() throws IOException {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void whileNoBrokerListensEveryWebhookIs503AndTheRetryLandsOnceWhenItIsBack() throws Exception {
        // given a notification (unique card id) and a KYC status, while no broker listens
        String cardId = newCardId();
        String body = notification("pw", "PeticionAutorizacion", cardId).toString();
        long rawBefore = RawLog.recordsWithKey(Topics.RAW_NOTIFICATIONS, cardId).size();
        long started = System.nanoTime();

        // when the issuer sends them
        HttpResponse<String> refused = postNotification(body);
        HttpResponse<String> kycRefused = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/paycaddy/kyc"))
                        .header("Content-Type", "application/json").header("X-Webhook-Secret", "kyc")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"userId\":\"u-503\"},\"status\":\"verified\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        // then both are refused as "retry later" problems, within the publish timeout
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("title").asText()).contains("retry");
        assertThat(kycRefused.statusCode()).as(kycRefused.body()).isEqualTo(503);
        assertThat(kycRefused.headers().firstValue("Retry-After")).hasValue("5");

        String prometheus = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(prometheus)
                .containsPattern("cardledger_ingest_notifications_rejected_total\\{[^}]*kind=\"authorization\",reason=\"kafka_unavailable\"[^}]*} 1")
                .containsPattern("cardledger_ingest_kafka_publish_seconds_count\\{[^}]*outcome=\"failed\"[^}]*} 2");

        // when the broker address comes back and the issuer retries the same body until it is accepted
        broker = BrokerComingBack.forwardTo(BROKER_PORT, SharedInfra.get().bootstrapServers());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> postNotification(body).statusCode() == 200);

        // then the raw topic holds that notification exactly once: the 503 stored nothing
        List<ConsumerRecord<String, byte[]>> stored = RawLog.recordsWithKey(Topics.RAW_NOTIFICATIONS, cardId);
        assertThat(rawBefore).isZero();
        assertThat(stored).hasSize(1);
    }

    private HttpResponse<String> postNotification(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/paycaddy/notifications"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Listens on the port the service was given and pipes every connection to the shared broker.
     * Kafka clients only bootstrap through it: the metadata they get back names the broker's own
     * address, which they use from then on.
     */
    static final class BrokerComingBack implements AutoCloseable {
        private final ServerSocket server;
        private final String target;

        private BrokerComingBack(ServerSocket server, String target) {
            this.server = server;
            this.target = target;
        }

        static BrokerComingBack forwardTo(int port, String bootstrapServers) throws IOException {
            ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            BrokerComingBack proxy = new BrokerComingBack(server, bootstrapServers.split(",")[0]);
            daemon("broker-forward-accept", proxy::accept);
            return proxy;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    String host = target.substring(0, target.lastIndexOf(':'));
                    int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
                    Socket upstream = new Socket(host, port);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    // closed: stop accepting
                }
            }
        }

        private static void pipe(Socket from, Socket to) {
            daemon("broker-forward", () -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // either side closed
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            });
        }

        private static void daemon(String name, Runnable body) {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
