package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.testing.SharedInfra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * W3C trace context through the three running services (docs/adr/0012-trace-context.md): a webhook's
 * {@code traceparent} → the raw record's header (ingest's span) → the ledger's events → the ledger-events
 * record's header (the outbox's span) → the projection's transaction line. A webhook without one gets a new
 * trace at ingest that travels the same way; a malformed one is replaced, never propagated.
 */
class TraceContextEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TRACE_PATTERN = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";

    @Test
    void theWebhooksTraceIdReachesTheLedgerEventsHeaderAndTheProjectedLine() throws Exception {
        // given
        Target target = RunningSystem.get().target();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String wallet = "w-trace-" + run;
        String card = "c-trace-" + run;
        E2eCalls.fundedCard(target, wallet, card, "u-trace", "pi-trace-" + run, 100_000);
        String callerTraceId = UUID.randomUUID().toString().replace("-", "");
        String callerTraceparent = "00-" + callerTraceId + "-00f067aa0ba902b7-01";
        String malformed = "00-" + callerTraceId.toUpperCase() + "-00f067aa0ba902b7-01";

        // when: the caller's trace, no header at all, a malformed header
        webhook(target, card, "000000101", callerTraceparent);
        webhook(target, card, "000000102", null);
        webhook(target, card, "000000103", malformed);

        // then: the raw records continue the caller's trace, or start new ones
        Map<String, String> raw = traceparentsBy(List.of("cardledger.raw-notifications.v1"), card, 3,
                value -> value.path("notification").path("transactionId").asText(null));
        assertThat(raw.get("000000101")).startsWith("00-" + callerTraceId + "-").endsWith("-01")
                .isNotEqualTo(callerTraceparent);
        assertThat(raw.get("000000102")).matches(TRACE_PATTERN).endsWith("-00");
        assertThat(raw.get("000000103")).matches(TRACE_PATTERN).doesNotContain(callerTraceId.toUpperCase())
                .doesNotContain(callerTraceId);

        // and each ledger-events record of the wallet's card movements carries its webhook's trace, with the outbox's span
        Map<String, String> published = traceparentsBy(List.of("cardledger.ledger-events.v1"), "wallet:" + wallet, 3,
                value -> "CardMovementPosted".equals(value.path("type").asText())
                        ? value.path("payload").path("transactionId").asText(null) : null);
        for (String c11 : List.of("000000101", "000000102", "000000103")) {
            assertThat(published.get(c11)).as(c11).matches(TRACE_PATTERN)
                    .startsWith(raw.get(c11).substring(0, 36)).endsWith(raw.get(c11).substring(52))
                    .isNotEqualTo(raw.get(c11));
        }

        // and the projected lines name the trace
        Map<String, String> lines = new HashMap<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> page = E2eCalls.call("GET", target.projection(), "/api/v1/wallets/" + wallet + "/transactions", target.token(), null);
            if (page.statusCode() != 200) {
                return false;
            }
            for (JsonNode item : JSON.readTree(page.body()).path("items")) {
                if ("CARD".equals(item.path("movementType").asText())) {
                    lines.put(item.path("transactionId").asText(), item.path("traceId").asText(null));
                }
            }
            return lines.size() == 3;
        });
        assertThat(lines).containsEntry("000000101", callerTraceId)
                .containsEntry("000000102", raw.get("000000102").substring(3, 35))
                .containsEntry("000000103", raw.get("000000103").substring(3, 35));
    }

    private static void webhook(Target target, String card, String c11, String traceparent) throws Exception {
        String notification = """
                {"password":"%s","c1Tipo":"PeticionAutorizacion","c2CardId":"%s","c3CodigoProceso":"000000",
                 "c4ImporteTransaccion":"000000000100","c7FechaHoraTransaccion":"20260429052901","BDateUtcCreate":"20260429032901",
                 "c11NumeroIdentificativoTransaccion":"%s","c18CodigoActividadEstablecimiento":"5999","c19CodigoPaisAdquirente":"442",
                 "c38NumeroAutorizacion":"040031","c41TerminalId":"00227759","c42Comercio":"227759000156182",
                 "c43IdentificadorComercio":"Shop"}""".formatted(target.webhookPassword(), card, c11);
        HttpRequest.Builder request = HttpRequest.newBuilder(target.ingest().resolve("/webhooks/paycaddy/notifications"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(notification));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        HttpResponse<String> stored = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    }

    /** The traceparent header of each record with {@code key}, by the name {@code nameOf} gives its value (null: skipped). */
    private static Map<String, String> traceparentsBy(List<String> topics, String key, int expected, Function<JsonNode, String> nameOf) {
        Map<String, String> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "trace-e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    if (key.equals(r.key())) {
                        String name = nameOf.apply(JSON.readTree(r.value()));
                        Header header = r.headers().lastHeader("traceparent");
                        if (name != null) {
                            found.put(name, header == null ? null : new String(header.value(), StandardCharsets.US_ASCII));
                        }
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }
}
