package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A webhook answered 503 ("not stored, retry") is sent again, as the issuer would, unless the step expects the 503. */
class WebhookRetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer ingest;

    /** An ingest that refuses the first {@code refusals} webhooks with 503, then answers 200. */
    private Target ingestRefusing(int refusals) throws IOException {
        ingest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ingest.createContext("/webhooks/paycaddy/notifications", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status = requests.incrementAndGet() <= refusals ? 503 : 200;
            byte[] body = (status == 503 ? "{\"title\":\"Not stored, retry later\"}" : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ingest.start();
        URI uri = URI.create("http://127.0.0.1:" + ingest.getAddress().getPort());
        return new Target(uri, uri, uri, "pw", "t", Duration.ofSeconds(10), "a");
    }

    @AfterEach
    void stop() {
        ingest.stop(0);
    }

    @Test
    void a503IsSentAgainUntilStored() throws Exception {
        ScenarioExecution execution = new ScenarioExecution(new SystemClient(ingestRefusing(2)), new IdPrefix("p-"));

        String failure = execution.run(step("{\"rawNotification\":\"{}\"}"));

        assertThat(failure).isNull();
        assertThat(requests).hasValue(3);
    }

    @Test
    void aStepThatExpectsThe503IsNotSentAgain() throws Exception {
        ScenarioExecution execution = new ScenarioExecution(new SystemClient(ingestRefusing(5)), new IdPrefix("p-"));

        String failure = execution.run(step("{\"rawNotification\":\"{}\",\"expectStatus\":503}"));

        assertThat(failure).isNull();
        assertThat(requests).hasValue(1);
    }

    @Test
    void a503ThatLastsBeyondTheCatchUpTimeFailsTheStep() throws Exception {
        Target target = ingestRefusing(Integer.MAX_VALUE).withCatchUp(Duration.ofSeconds(1));
        ScenarioExecution execution = new ScenarioExecution(new SystemClient(target), new IdPrefix("p-"));

        String failure = execution.run(step("{\"rawNotification\":\"{}\"}"));

        assertThat(failure).isEqualTo("expected HTTP 200, got 503");
        assertThat(requests.get()).isGreaterThan(1);
    }

    private static Scenario.Step step(String json) throws IOException {
        return Scenario.Step.of(JSON.readTree(json));
    }
}
