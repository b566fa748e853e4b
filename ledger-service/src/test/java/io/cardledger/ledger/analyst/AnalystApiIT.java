package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.support.Notifications;
import io.cardledger.ledger.wallet.WalletState;
import io.cardledger.testing.SharedInfra;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyst API over real HTTP, against the real PostgreSQL event store and Kafka broker.
 * One Spring context for every group below (same configuration, so Spring caches it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnalystApiIT {
    private static final String ANALYST_TOKEN = "test-analyst-token";
    private static final String SERVICE_TOKEN = "test-token";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        SharedInfra.get().springProperties("ledger").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("cardledger.security.service-token", () -> SERVICE_TOKEN);
        registry.add("cardledger.security.analyst-token", () -> ANALYST_TOKEN);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    LedgerOperations ledger;
    @Autowired
    ObjectMapper json;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String walletId = "w-" + suffix;
    private final String cardId = "c-" + suffix;

    private void walletWithCard(long payInMinor) {
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        if (payInMinor > 0) {
            ledger.payIn("pi-" + suffix, walletId, payInMinor, "USD", "top-up");
        }
    }

    private ResponseEntity<String> call(HttpMethod method, String path, String token, MediaType accept, MediaType type, String body) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        if (accept != null) {
            headers.setAccept(List.of(accept));
        }
        if (type != null) {
            headers.setContentType(type);
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode get(String path) throws Exception {
        ResponseEntity<String> response = call(HttpMethod.GET, path, ANALYST_TOKEN, null, null, null);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private JsonNode post(String path, MediaType type, String body) throws Exception {
        ResponseEntity<String> response = call(HttpMethod.POST, path, ANALYST_TOKEN, null, type, body);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    @Nested
    class Security {
        @Test
        void theServiceTokenIsForbiddenOnAnalystPaths() {
            for (String path : List.of("/api/v1/analyst/anomalies", "/api/v1/analyst/wallets/w-1/stream")) {
                ResponseEntity<String> response = call(HttpMethod.GET, path, SERVICE_TOKEN, null, null, null);
                assertThat(response.getStatusCode().value()).isEqualTo(403);
                assertThat(response.getBody()).contains("Analyst role required");
            }
            assertThat(call(HttpMethod.POST, "/api/v1/analyst/what-if", SERVICE_TOKEN, null, MediaType.APPLICATION_JSON,
                    "{\"cardId\":\"c-1\"}").getStatusCode().value()).isEqualTo(403);
        }

        @Test
        void noTokenIsUnauthorized() {
            assertThat(call(HttpMethod.GET, "/api/v1/analyst/anomalies", null, null, null, null).getStatusCode().value())
                    .isEqualTo(401);
        }
    }

    @Nested
    class Streams {
        @Test
        void aWalletStreamListsItsMovementsInOrderWithTheBalanceAfterEach() throws Exception {
            // given
            walletWithCard(10_000);
            ledger.recordNotifications(List.of(
                    Notifications.of("PeticionAutorizacion", cardId).amount(1617).c11("000004339").raw(),
                    Notifications.of("TransaccionConfirmada", cardId).amount(1617).c11("000004339").raw()));

            // when
            JsonNode stream = get("/api/v1/analyst/wallets/" + walletId + "/stream");

            // then
            assertThat(stream).extracting(e -> e.get("type").asText())
                    .containsExactly("WalletRegistered", "PayInRecorded", "CardMovementPosted", "CardMovementPosted");
            assertThat(stream).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L);
            JsonNode hold = stream.get(2);
            assertThat(hold.get("c1Tipo").asText()).isEqualTo("PeticionAutorizacion");
            assertThat(hold.get("c4").asLong()).isEqualTo(1617);
            assertThat(hold.get("c11").asText()).isEqualTo("000004339");
            assertThat(hold.get("availableDelta").asLong()).isEqualTo(-1617);
            assertThat(hold.get("withheldDelta").asLong()).isEqualTo(1617);
            assertThat(hold.get("availableAfter").asLong()).isEqualTo(8383);
            assertThat(hold.get("withheldAfter").asLong()).isEqualTo(1617);
            assertThat(stream.get(3).get("availableAfter").asLong()).isEqualTo(8383);
            assertThat(stream.get(3).get("withheldAfter").asLong()).isEqualTo(0);
            assertThat(get("/api/v1/analyst/wallets/" + walletId + "/stream?from=1&to=2")).extracting(e -> e.get("sequence").asLong())
                    .containsExactly(1L, 2L);
        }

        @Test
        void aCardStreamShowsTheRawNotificationDeltasAndFlagsAndCanBeReadAsJsonLines() throws Exception {
            // given
            walletWithCard(0);
            ledger.recordNotifications(List.of(
                    Notifications.of("ComunicacionAnulacion", cardId).amount(700).c11("000000077").raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(700).c11("000000077").raw()));

            // when
            ResponseEntity<String> response = call(HttpMethod.GET, "/api/v1/analyst/cards/" + cardId + "/stream", ANALYST_TOKEN,
                    MediaType.parseMediaType("application/x-ndjson"), null, null);

            // then
            assertThat(response.getHeaders().getContentType().toString()).startsWith("application/x-ndjson");
            List<JsonNode> lines = new ArrayList<>();
            for (String line : response.getBody().split("\n")) {
                lines.add(json.readTree(line));
            }
            assertThat(lines).extracting(e -> e.get("type").asText())
                    .containsExactly("CardRegistered", "CardNotificationRecorded", "CardNotificationRecorded", "CardNotificationRecorded");
            assertThat(lines.get(1).get("flags").toString()).contains("REVERSAL_PARKED");
            assertThat(lines.get(3).get("movementId").asText()).endsWith("/released");
            assertThat(lines.get(3).get("flags").toString()).contains("PARKED_REVERSAL_APPLIED");
            assertThat(lines.get(2).get("c1Tipo").asText()).isEqualTo("PeticionAutorizacion");
        }

        @Test
        void anUnknownWalletIsANotFoundProblem() {
            ResponseEntity<String> response = call(HttpMethod.GET, "/api/v1/analyst/wallets/nobody-" + suffix + "/stream",
                    ANALYST_TOKEN, null, null, null);
            assertThat(response.getStatusCode().value()).isEqualTo(404);
            assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        }
    }

    @Nested
    class BalanceAsOf {
        @Test
        void theBalanceAsOfAnInstantIsTheOneAfterTheLastEventStoredByThen() throws Exception {
            // given
            walletWithCard(10_000);
            ledger.payIn("pi2-" + suffix, walletId, 2_500, "USD", "second top-up");
            JsonNode stream = get("/api/v1/analyst/wallets/" + walletId + "/stream");
            Instant registered = Instant.parse(stream.get(0).get("timestamp").asText());
            Instant firstPayIn = Instant.parse(stream.get(1).get("timestamp").asText());
            Instant secondPayIn = Instant.parse(stream.get(2).get("timestamp").asText());

            // when / then
            JsonNode atFirst = get("/api/v1/analyst/wallets/" + walletId + "/balance?asOf=" + firstPayIn);
            assertThat(atFirst.get("available").asLong()).isEqualTo(secondPayIn.equals(firstPayIn) ? 12_500 : 10_000);
            assertThat(atFirst.get("withheld").asLong()).isZero();
            JsonNode now = get("/api/v1/analyst/wallets/" + walletId + "/balance?asOf=" + Instant.now().plusSeconds(60));
            assertThat(now.get("available").asLong()).isEqualTo(12_500);
            assertThat(now.get("sequence").asLong()).isEqualTo(2);

            ResponseEntity<String> before = call(HttpMethod.GET, "/api/v1/analyst/wallets/" + walletId + "/balance?asOf="
                    + registered.minusMillis(1), ANALYST_TOKEN, null, null, null);
            assertThat(before.getStatusCode().value()).isEqualTo(404);
            assertThat(before.getBody()).contains("Wallet not registered at that instant");

            ResponseEntity<String> unreadable = call(HttpMethod.GET, "/api/v1/analyst/wallets/" + walletId + "/balance?asOf=yesterday",
                    ANALYST_TOKEN, null, null, null);
            assertThat(unreadable.getStatusCode().value()).isEqualTo(400);
        }
    }

    @Nested
    class Anomalies {
        @Test
        void plantedAnomaliesAreAllReported() throws Exception {
            // given: no funds, so a batch-only charge takes available below zero
            walletWithCard(0);
            ledger.recordNotifications(List.of(
                    Notifications.of("ComunicacionAnulacion", cardId).amount(100).c11("000000001").raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(1000).c11("000000002").raw(),
                    Notifications.of("TransaccionConfirmada", cardId).amount(1200).c11("000000002").raw(),
                    Notifications.of("TransaccionCorregidaNegativa", cardId).amount(50).c11("000000002").raw(),
                    Notifications.of("SomethingNew", cardId).amount(5).raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(300).c11("000000003").raw()));

            // when
            JsonNode report = get("/api/v1/analyst/anomalies?openHoldDays=0");

            // then
            List<String> mine = new ArrayList<>();
            report.get("anomalies").forEach(a -> {
                if (cardId.equals(a.path("cardId").asText())) {
                    mine.add(a.get("kind").asText() + ":" + a.path("c11").asText());
                }
            });
            assertThat(mine).contains("REVERSAL_PARKED:000000001", "SETTLED_AMOUNT_DIFFERS:000000002",
                    "MODIFIED_TWICE:000000002", "UNRECOGNISED_TYPE:", "NEGATIVE_AVAILABLE:000000002", "OPEN_HOLD:000000003");
            assertThat(mine).doesNotContain("OPEN_HOLD:000000002");

            JsonNode withAWeek = get("/api/v1/analyst/anomalies?openHoldDays=7");
            withAWeek.get("anomalies").forEach(a ->
                    assertThat(a.get("kind").asText() + ":" + a.path("cardId").asText()).isNotEqualTo("OPEN_HOLD:" + cardId));
        }
    }

    @Nested
    class WhatIf {
        private String body(boolean correctionsAreFinalAmounts) {
            return "{\"cardId\":\"" + cardId + "\",\"correctionsAreFinalAmounts\":" + correctionsAreFinalAmounts + "}";
        }

        @Test
        void correctionsAsFinalAmountsChangeANegativaButNotTheLiveBalance() throws Exception {
            // given
            walletWithCard(10_000);
            RawNotification negativa = Notifications.of("TransaccionCorregidaNegativa", cardId).amount(300).c11("000000010").raw();
            ledger.recordNotifications(List.of(
                    Notifications.of("PeticionAutorizacion", cardId).amount(5000).c11("000000010").raw(),
                    negativa,
                    Notifications.of("ComunicacionAnulacion", cardId).amount(200).c11("000000011").raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(200).c11("000000011").raw()));
            WalletState live = ledger.wallet(walletId);
            assertThat(live.availableMinor()).isEqualTo(4_700);

            // when
            JsonNode report = post("/api/v1/analyst/what-if", MediaType.APPLICATION_JSON, body(true));

            // then
            JsonNode row = null;
            for (JsonNode r : report.get("movements")) {
                if (r.get("notificationId").asText().equals(negativa.notificationId())) {
                    row = r;
                }
            }
            assertThat(row).isNotNull();
            assertThat(row.get("c1Tipo").asText()).isEqualTo("TransaccionCorregidaNegativa");
            assertThat(row.get("live").get("available").asLong()).isEqualTo(-300);
            assertThat(row.get("whatIf").get("available").asLong()).isEqualTo(4_700);
            assertThat(row.get("differs").asBoolean()).isTrue();
            assertThat(report.get("movementsThatDiffer").asInt()).isEqualTo(1);
            assertThat(report.get("difference").get("available").asLong()).isEqualTo(5_000);
            assertThat(report.get("difference").get("withheld").asLong()).isZero();
            // the parked reversal is regenerated by the replay, not replayed twice
            assertThat(report.get("movements")).extracting(r -> r.get("movementId").asText())
                    .filteredOn(id -> id.endsWith("/released")).hasSize(1);

            WalletState after = ledger.wallet(walletId);
            assertThat(after.availableMinor()).isEqualTo(live.availableMinor());
            assertThat(after.withheldMinor()).isEqualTo(live.withheldMinor());
        }

        @Test
        void underTheLiveOptionsTheReplayReproducesTheLedgerAndIsDeterministic() throws Exception {
            // given
            walletWithCard(10_000);
            ledger.recordNotifications(List.of(
                    Notifications.of("TransaccionCorregidaPositiva", cardId).amount(400).c11("000000020").raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(1000).c11("000000021").raw(),
                    Notifications.of("TransaccionCorregidaPositiva", cardId).amount(100).c11("000000021").raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(400).c11("000000020").raw()));

            // when
            String first = post("/api/v1/analyst/what-if", MediaType.APPLICATION_JSON, body(false)).toString();
            String second = post("/api/v1/analyst/what-if", MediaType.APPLICATION_JSON, body(false)).toString();

            // then
            assertThat(second).isEqualTo(first);
            JsonNode report = json.readTree(first);
            assertThat(report.get("movementsThatDiffer").asInt()).isZero();
            assertThat(report.get("movements")).hasSize(4);
            assertThat(report.get("difference").get("available").asLong()).isZero();
            assertThat(post("/api/v1/analyst/what-if", MediaType.APPLICATION_JSON, body(true)).toString())
                    .isEqualTo(post("/api/v1/analyst/what-if", MediaType.APPLICATION_JSON, body(true)).toString());
        }

        @Test
        void anUnknownCardIsANotFoundProblem() {
            assertThat(call(HttpMethod.POST, "/api/v1/analyst/what-if", ANALYST_TOKEN, null, MediaType.APPLICATION_JSON,
                    body(false)).getStatusCode().value()).isEqualTo(404);
        }
    }

    @Nested
    class Reconcile {
        @Test
        void aPlantedMismatchIsFoundWithTheMovementsSinceTheBalancesLastAgreed() throws Exception {
            // given: the issuer missed our second pay-in
            walletWithCard(10_000);
            ledger.payIn("pi2-" + suffix, walletId, 2_500, "USD", "second top-up");
            String other = "w2-" + suffix;
            ledger.registerWallet(other, "u-2", "USD", 0);
            ledger.payIn("pi3-" + suffix, other, 700, "USD", "top-up");
            String csv = "walletId,balance,amountWithheld\n" + walletId + ",10000,0\n" + other + ",700,0\n";

            // when
            JsonNode report = post("/api/v1/analyst/reconcile", MediaType.parseMediaType("text/csv"), csv);

            // then
            assertThat(report.get("checked").asInt()).isEqualTo(2);
            assertThat(report.get("matched").asInt()).isEqualTo(1);
            JsonNode mismatch = report.get("mismatches").get(0);
            assertThat(mismatch.get("walletId").asText()).isEqualTo(walletId);
            assertThat(mismatch.get("ours").get("available").asLong()).isEqualTo(12_500);
            assertThat(mismatch.get("difference").get("available").asLong()).isEqualTo(2_500);
            assertThat(mismatch.get("lastAgreedSequence").asLong()).isEqualTo(1);
            assertThat(mismatch.get("movementsSince")).extracting(m -> m.get("movementId").asText())
                    .containsExactly("pi2-" + suffix);

            JsonNode asJson = post("/api/v1/analyst/reconcile", MediaType.APPLICATION_JSON,
                    "[{\"walletId\":\"" + walletId + "\",\"balance\":1,\"amountWithheld\":0}]");
            assertThat(asJson.get("mismatches").get(0).has("lastAgreedSequence")).isFalse();
            assertThat(asJson.get("mismatches").get(0).get("movementsSince")).hasSize(2);
        }

        @Test
        void aCsvWithoutTheExpectedHeaderIsABadRequest() {
            ResponseEntity<String> response = call(HttpMethod.POST, "/api/v1/analyst/reconcile", ANALYST_TOKEN, null,
                    MediaType.parseMediaType("text/csv"), "wallet,amount\nw-1,5\n");
            assertThat(response.getStatusCode().value()).isEqualTo(400);
            assertThat(response.getBody()).contains("walletId,balance,amountWithheld");
        }
    }
}
