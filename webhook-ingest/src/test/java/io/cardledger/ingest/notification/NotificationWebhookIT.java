package io.cardledger.ingest.notification;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.Topics;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.events.notification.NotificationKind;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ingest.IngestIT;
import io.cardledger.ingest.RawLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.cardledger.ingest.notification.IssuerNotifications.newCardId;
import static io.cardledger.ingest.notification.IssuerNotifications.notification;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class NotificationWebhookIT extends IngestIT {
    private static final String PATH = "/webhooks/paycaddy/notifications";
    private static final ObjectMapper EVENTS = LedgerEventTypes.configure(new ObjectMapper());
    /** Reads decimals exactly, as the service does, so stored and sent bodies compare equal. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    private HttpResponse<String> post(ObjectNode body) {
        return postJson(PATH, body.toString());
    }

    private ConsumerRecord<String, byte[]> onlyRecordFor(String cardId) {
        List<ConsumerRecord<String, byte[]>> records = RawLog.recordsWithKey(Topics.RAW_NOTIFICATIONS, cardId);
        assertThat(records).as("records keyed by %s", cardId).hasSize(1);
        return records.get(0);
    }

    static Stream<Arguments> everyKindTheIssuerSends() {
        return Stream.of(
                kind("PeticionAutorizacion", NotificationKind.AUTHORIZATION, b -> { }),
                kind("ComunicacionAutorizacion", NotificationKind.ADVICE, b -> { }),
                kind("ComunicacionAnulacion", NotificationKind.REVERSAL, b -> { }),
                kind("PeticionDevolucion", NotificationKind.REFUND_REQUEST, b -> b.put("c4ImporteTransaccion", "0")),
                kind("TransaccionConfirmada", NotificationKind.CONFIRMATION, b -> { }),
                kind("TransaccionCorregidaPositiva", NotificationKind.CORRECTION_POSITIVE, b -> { }),
                kind("TransaccionCorregidaNegativa", NotificationKind.CORRECTION_NEGATIVE, b -> { }),
                Arguments.of("MoneySend credit", "PeticionAutorizacion", NotificationKind.AUTHORIZATION,
                        (Consumer<ObjectNode>) b -> b.put("c3CodigoProceso", "820000")),
                Arguments.of("MoneySend reversal", "ComunicacionAnulacion", NotificationKind.REVERSAL,
                        (Consumer<ObjectNode>) b -> b.put("c3CodigoProceso", "820000")),
                kind("DENEGADA. INCORRECTO CVV2", NotificationKind.DECLINE, b -> {
                    b.put("c11NumeroIdentificativoTransaccion", "");
                    b.put("c38NumeroAutorizacion", "");
                }),
                kind("NO HAY FONDOS", NotificationKind.DECLINE, b -> { }),
                kind("IMPORTE SUPERA LIMITE", NotificationKind.DECLINE, b -> { }),
                kind("EXCEDIDO NUMERO DE OPERACION DIARIO", NotificationKind.DECLINE, b -> { }),
                kind("FECHA CADUCIDAD ERRONEO", NotificationKind.DECLINE, b -> { }),
                kind("RechazadaPorAutorizador", NotificationKind.DECLINE, b -> { }),
                kind("ExcedeTiempoAutorizacion", NotificationKind.DECLINE, b -> { }),
                kind("NotificacionDenegacion", NotificationKind.DECLINE, b -> { }),
                kind("DENEGACION POR COMERCIO SOSPECHOSO", NotificationKind.DECLINE, b -> { }),
                kind("TipoQueNuncaHemosVisto", NotificationKind.UNRECOGNISED, b -> b.put("cCampoNuevo", "x")),
                Arguments.of("type name in other case and spaces", " transaccionCorregidaNegativa ",
                        NotificationKind.CORRECTION_NEGATIVE, (Consumer<ObjectNode>) b -> { }),
                Arguments.of("decline with an empty c4 (unreadable amount)", "NO HAY FONDOS", NotificationKind.DECLINE,
                        (Consumer<ObjectNode>) b -> b.put("c4ImporteTransaccion", "")),
                Arguments.of("unknown type with an empty c4 (unreadable amount)", "TipoSinImporte", NotificationKind.UNRECOGNISED,
                        (Consumer<ObjectNode>) b -> b.put("c4ImporteTransaccion", "")),
                Arguments.of("authorization with a decimal c4 (unreadable amount)", "PeticionAutorizacion",
                        NotificationKind.AUTHORIZATION, (Consumer<ObjectNode>) b -> b.put("c4ImporteTransaccion", "16.17")),
                Arguments.of("confirmation with a negative c4 (unreadable amount)", "TransaccionConfirmada",
                        NotificationKind.CONFIRMATION, (Consumer<ObjectNode>) b -> b.put("c4ImporteTransaccion", -1617)),
                Arguments.of("confirmation with a c4 beyond a long (unreadable amount)", "TransaccionConfirmada",
                        NotificationKind.CONFIRMATION, (Consumer<ObjectNode>) b -> b.put("c4ImporteTransaccion",
                                "99999999999999999999999")),
                Arguments.of("batch-only charge with little information", "TransaccionConfirmada",
                        NotificationKind.CONFIRMATION, (Consumer<ObjectNode>) b -> {
                            b.remove(List.of("c7FechaHoraTransaccion", "BDateUtcCreate", "c38NumeroAutorizacion",
                                    "c41TerminalId", "c42Comercio"));
                        }),
                Arguments.of("multiclearing closing expiry with chain and POS fields", "TransaccionConfirmada",
                        NotificationKind.CONFIRMATION, (Consumer<ObjectNode>) b -> {
                            b.put("IdCadena", "CH-001");
                            b.put("c22DatosPuntoServicio", "810");
                            b.put("c22Descripcion", "E-commerce");
                            b.put("isExpiration", true);
                            b.put("isMulticlearing", true);
                            b.put("multiclearingClose", true);
                            b.putObject("cExtension").put("rate", new java.math.BigDecimal("2.50")).putArray("tags").add("a");
                        }));
    }

    private static Arguments kind(String type, NotificationKind kind, Consumer<ObjectNode> shape) {
        return Arguments.of(type, type, kind, shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKindTheIssuerSends")
    void everyNotificationIsStoredKeyedByCardWithItsTypedViewAndUnchangedBody(
            String name, String type, NotificationKind kind, Consumer<ObjectNode> shape) throws Exception {
        // given
        String cardId = newCardId();
        ObjectNode body = notification(WEBHOOK_PASSWORD, type, cardId);
        shape.accept(body);
        ObjectNode expectedStoredBody = body.deepCopy();
        expectedStoredBody.remove("password");

        // when
        HttpResponse<String> response = post(body);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String notificationId = EVENTS.readTree(response.body()).get("notificationId").asText();
        assertThat(notificationId).isEqualTo(NotificationIds.of(expectedStoredBody));

        ConsumerRecord<String, byte[]> record = onlyRecordFor(cardId);
        String payload = new String(record.value(), StandardCharsets.UTF_8);
        RawNotification raw = EVENTS.readValue(record.value(), RawNotification.class);
        assertThat(raw.schemaVersion()).isEqualTo(1);
        assertThat(raw.notificationId()).isEqualTo(notificationId);
        assertThat(raw.receivedAt()).isNotNull();
        assertThat(raw.notification().type()).isEqualTo(type);
        assertThat(raw.notification().kind()).isEqualTo(kind);
        assertThat(raw.notification().cardId()).isEqualTo(cardId);
        assertThat(raw.notification().processingCode()).isEqualTo(body.get("c3CodigoProceso").asText());
        if (name.contains("unreadable amount")) {
            assertThat(raw.notification().amountUnreadable()).isTrue();
            assertThat(raw.notification().amountMinor()).isZero();
        } else {
            assertThat(raw.notification().amountUnreadable()).isFalse();
            assertThat(raw.notification().amountMinor()).isEqualTo(Long.parseLong(body.get("c4ImporteTransaccion").asText()));
        }
        assertThat(raw.notification().transactionId()).isEqualTo(body.get("c11NumeroIdentificativoTransaccion").asText());
        assertThat(raw.notification().moneySend()).isEqualTo(name.startsWith("MoneySend"));
        assertThat(EXACT.readTree(payload).get("body")).isEqualTo(EXACT.readTree(expectedStoredBody.toString()));
        assertThat(payload).doesNotContain(WEBHOOK_PASSWORD).doesNotContain("\"password\"");
        if (body.has("IdCadena")) {
            assertThat(raw.notification().chainId()).isEqualTo("CH-001");
            assertThat(raw.notification().pointOfServiceData()).isEqualTo("810");
            assertThat(raw.notification().pointOfServiceText()).isEqualTo("E-commerce");
            assertThat(raw.notification().expiration()).isTrue();
            assertThat(raw.notification().multiclearing()).isTrue();
            assertThat(raw.notification().multiclearingClose()).isTrue();
            assertThat(payload).contains("\"rate\":2.50");
        }
    }

    @Test
    void aRedeliveryGetsTheSameNotificationIdSoTheLedgerCountsItOnce() throws Exception {
        // given
        String cardId = newCardId();
        ObjectNode body = notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", cardId);

        // when
        String first = EVENTS.readTree(post(body).body()).get("notificationId").asText();
        String second = EVENTS.readTree(post(body).body()).get("notificationId").asText();

        // then
        assertThat(second).isEqualTo(first);
        assertThat(RawLog.recordsWithKey(Topics.RAW_NOTIFICATIONS, cardId))
                .extracting(r -> readRaw(r).notificationId()).containsExactly(first, first);
    }

    @Test
    void twoHundredConcurrentPostsFromEightThreadsAllLand() throws Exception {
        // given
        String cardId = newCardId();
        List<Callable<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ObjectNode body = notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", cardId);
            posts.add(() -> post(body));
        }

        // when
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<String> ids = new ArrayList<>();
        try {
            for (Future<HttpResponse<String>> f : threads.invokeAll(posts)) {
                HttpResponse<String> response = f.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                ids.add(EVENTS.readTree(response.body()).get("notificationId").asText());
            }
        } finally {
            threads.shutdown();
        }

        // then
        Set<String> stored = RawLog.recordsWithKey(Topics.RAW_NOTIFICATIONS, cardId).stream()
                .map(r -> readRaw(r).notificationId()).collect(Collectors.toSet());
        assertThat(Set.copyOf(ids)).hasSize(200);
        assertThat(stored).isEqualTo(Set.copyOf(ids));
    }

    @Test
    void acceptedNotificationsAreCountedByKindFamilyWithoutCardIds() {
        // given
        String cardId = newCardId();
        post(notification(WEBHOOK_PASSWORD, "TransaccionCorregidaNegativa", cardId));
        post(notification("wrong", "NO HAY FONDOS", cardId));

        // when
        String prometheus = send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET().build()).body();

        // then
        assertThat(prometheus)
                .containsPattern("cardledger_ingest_notifications_accepted_total\\{[^}]*kind=\"correction_negative\"[^}]*} [1-9]")
                .containsPattern("cardledger_ingest_notifications_rejected_total\\{[^}]*kind=\"decline\",reason=\"unauthorized\"[^}]*} [1-9]")
                .contains("cardledger_ingest_kafka_publish_seconds_bucket")
                .doesNotContain(cardId)
                .doesNotContain("NO HAY FONDOS");
    }

    @Test
    void notificationRequestsAreTimedWithTheTagsOfEveryOtherEndpoint() {
        // given
        String cardId = newCardId();
        post(notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", cardId));
        post(notification("wrong", "PeticionAutorizacion", cardId));

        // when
        String prometheus = send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET().build()).body();

        // then
        assertThat(prometheus)
                .containsPattern("http_server_requests_seconds_count\\{application=\"webhook-ingest\",error=\"none\",exception=\"none\",method=\"POST\","
                        + "outcome=\"SUCCESS\",status=\"200\",uri=\"/webhooks/paycaddy/notifications\"} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{application=\"webhook-ingest\",error=\"none\",exception=\"none\",method=\"POST\","
                        + "outcome=\"CLIENT_ERROR\",status=\"401\",uri=\"/webhooks/paycaddy/notifications\"} [1-9]");
    }

    private static RawNotification readRaw(ConsumerRecord<String, byte[]> record) {
        try {
            return EVENTS.readValue(record.value(), RawNotification.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Nested
    class Refusals {
        static Stream<Arguments> refusedBodies() {
            return Stream.of(
                    refused("wrong password", 401, card -> notification("not-the-password", "PeticionAutorizacion", card).toString()),
                    refused("missing password", 401, card -> notification(null, "PeticionAutorizacion", card).toString()),
                    refused("password that is not a string", 401, card -> {
                        ObjectNode b = notification(null, "PeticionAutorizacion", card);
                        b.put("password", 12345);
                        return b.toString();
                    }),
                    refused("right password with a wrong-case field name", 401, card -> {
                        ObjectNode b = notification(null, "PeticionAutorizacion", card);
                        b.put("Password", WEBHOOK_PASSWORD);
                        return b.toString();
                    }),
                    refused("malformed JSON", 400, card -> "{\"password\": \"" + WEBHOOK_PASSWORD
                            + "\", \"c2CardId\": \"" + card + "\", \"c1Tipo\": PeticionAutorizacion"),
                    refused("a JSON array instead of an object", 400, card -> "[{\"c2CardId\": \"" + card + "\"}]"),
                    refused("an empty body", 400, card -> ""),
                    refused("trailing content after the object", 400,
                            card -> notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", card) + " {}"),
                    refused("a field given twice", 400, card -> {
                        String b = notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", card).toString();
                        return b.replace("\"c4ImporteTransaccion\"", "\"c4ImporteTransaccion\":\"000000000001\",\"c4ImporteTransaccion\"");
                    }),
                    refused("missing c1Tipo", 400, card -> {
                        ObjectNode b = notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", card);
                        b.remove("c1Tipo");
                        return b.toString();
                    }),
                    refused("blank c1Tipo", 400, card -> notification(WEBHOOK_PASSWORD, " ", card).toString()),
                    refused("missing c2CardId", 400, card -> {
                        ObjectNode b = notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", card);
                        b.remove("c2CardId");
                        b.put("cardRef", card);
                        return b.toString();
                    }),
                    refused("body over 64 KiB", 413, card -> notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", card)
                            .put("padding", "x".repeat(70 * 1024)).toString()));
        }

        private static Arguments refused(String name, int status, java.util.function.Function<String, String> body) {
            return Arguments.of(name, status, body);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("refusedBodies")
        void isAnsweredWithProblemJsonAndWritesNothing(String name, int status,
                                                       java.util.function.Function<String, String> bodyFor) throws Exception {
            // given
            String cardId = newCardId();
            long before = RawLog.size(Topics.RAW_NOTIFICATIONS);

            // when
            HttpResponse<String> response = postJson(PATH, bodyFor.apply(cardId));

            // then
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertProblem(response, status);
            assertThat(response.body()).doesNotContain(WEBHOOK_PASSWORD);
            assertThat(RawLog.size(Topics.RAW_NOTIFICATIONS)).isEqualTo(before);
            assertThat(RawLog.recordsWithKey(Topics.RAW_NOTIFICATIONS, cardId)).isEmpty();
        }

        @Test
        void aChunkedBodyOverTheLimitIsRefusedWhileReadingIt() throws Exception {
            // given: no Content-Length, so only counting the bytes read can catch it
            String cardId = newCardId();
            byte[] body = notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", cardId)
                    .put("padding", "x".repeat(70 * 1024)).toString().getBytes(StandardCharsets.UTF_8);
            long before = RawLog.size(Topics.RAW_NOTIFICATIONS);

            // when
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(PATH)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

            // then
            assertProblem(response, 413);
            assertThat(RawLog.size(Topics.RAW_NOTIFICATIONS)).isEqualTo(before);
        }

        @Test
        void aJsonBodyUnderAnotherMediaTypeIsStillStored() throws Exception {
            // The issuer's facts are never refused over a header: the body is what is validated.
            String cardId = newCardId();
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(PATH)).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", cardId).toString()))
                    .build());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(RawLog.recordsWithKey(Topics.RAW_NOTIFICATIONS, cardId)).hasSize(1);
        }

        @Test
        void anUnknownRouteAndAWrongMethodAnswerProblemJson() throws Exception {
            assertProblem(postJson("/webhooks/paycaddy/nope", "{}"), 404);
            assertProblem(send(HttpRequest.newBuilder(uri(PATH)).GET().build()), 405);
        }

        @Test
        void thePasswordNeverReachesTheLogs(CapturedOutput output) {
            // given: an accepted notification, and refusals whose bodies hold the right or a wrong password
            String cardId = newCardId();

            // when
            assertThat(post(notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", cardId)).statusCode()).isEqualTo(200);
            assertThat(post(notification("old-password-Zq81-NEVER-LOG-ME", "PeticionAutorizacion", cardId)).statusCode()).isEqualTo(401);
            assertThat(postJson(PATH, "{\"password\": " + WEBHOOK_PASSWORD + "}").statusCode()).isEqualTo(400);
            assertThat(post(notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", cardId).remove(List.of("c1Tipo")))
                    .statusCode()).isEqualTo(400);

            // then
            assertThat(output.getAll()).contains("reason=unauthorized").contains("reason=malformed_json")
                    .doesNotContain(WEBHOOK_PASSWORD).doesNotContain("NEVER-LOG-ME");
        }

        private void assertProblem(HttpResponse<String> response, int status) throws Exception {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = EVENTS.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("title").asText()).isNotBlank();
            assertThat(problem.get("type").asText()).startsWith("https://cardledger.io/problems/");
        }
    }
}
