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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AnalystDatabase analystDatabase;
    @Autowired
    java.time.Clock clock;
    /** The report as it reads with a count limit of 2. */
    AnomalyQueries anomaliesWithCountLimit2;

    @org.junit.jupiter.api.BeforeEach
    void countLimited() {
        anomaliesWithCountLimit2 = new AnomalyQueries(analystDatabase, clock, true, 2);
    }

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
        /** The projection follows the event store asynchronously: wait until it shows what we expect. */
        private List<String> kindsFor(String query, String cardOrWallet, List<String> expected) {
            List<String> mine = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                mine.clear();
                JsonNode report = get("/api/v1/analyst/anomalies?limit=1000&" + query);
                report.get("anomalies").forEach(a -> {
                    if (cardOrWallet.equals(a.path("cardId").asText()) || cardOrWallet.equals(a.path("walletId").asText())
                            || a.path("detail").asText().contains(cardOrWallet)) {
                        mine.add(a.get("kind").asText() + ":" + a.path("c11").asText());
                    }
                });
                assertThat(mine).containsAll(expected);
            });
            return mine;
        }

        @Test
        void plantedAnomaliesAreAllReportedFromTheProjection() throws Exception {
            // given: no funds, so a batch-only charge takes available below zero
            walletWithCard(0);
            ledger.recordNotifications(List.of(
                    Notifications.of("ComunicacionAnulacion", cardId).amount(100).c11("000000001").raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(1000).c11("000000002").raw(),
                    Notifications.of("TransaccionConfirmada", cardId).amount(1200).c11("000000002").raw(),
                    Notifications.of("TransaccionCorregidaNegativa", cardId).amount(50).c11("000000002").raw(),
                    Notifications.of("SomethingNew", cardId).amount(5).raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(300).c11("000000003").raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(450).raw()));

            // when / then
            List<String> mine = kindsFor("openHoldDays=0&cardId=" + cardId, cardId, List.of("REVERSAL_PARKED:000000001",
                    "SETTLED_AMOUNT_DIFFERS:000000002", "MODIFIED_TWICE:000000002", "UNRECOGNISED_TYPE:",
                    "NEGATIVE_AVAILABLE:000000002", "OPEN_HOLD:000000003", "UNMATCHABLE_HOLD:"));
            assertThat(mine).doesNotContain("OPEN_HOLD:000000002");

            JsonNode withAWeek = get("/api/v1/analyst/anomalies?openHoldDays=7&cardId=" + cardId);
            withAWeek.get("anomalies").forEach(a -> assertThat(a.get("kind").asText()).isNotEqualTo("OPEN_HOLD"));
            assertThat(withAWeek.get("counts").has("OPEN_HOLD")).isFalse();
            assertThat(withAWeek.get("counts").get("UNMATCHABLE_HOLD").asLong()).isEqualTo(1);
            JsonNode unmatchable = get("/api/v1/analyst/anomalies?kind=unmatchable_hold&cardId=" + cardId).get("anomalies");
            assertThat(unmatchable).hasSize(1);
            assertThat(unmatchable.get(0).get("withheldDelta").asLong()).isEqualTo(450);
        }

        @Test
        void aParkedReversalDisappearsOnceItsAuthorizationArrivesAndAHoldOnceSettled() throws Exception {
            walletWithCard(10_000);
            ledger.recordNotifications(List.of(
                    Notifications.of("ComunicacionAnulacion", cardId).amount(100).c11("000000031").raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(200).c11("000000032").raw()));
            kindsFor("openHoldDays=0&cardId=" + cardId, cardId, List.of("REVERSAL_PARKED:000000031", "OPEN_HOLD:000000032"));

            ledger.recordNotifications(List.of(
                    Notifications.of("PeticionAutorizacion", cardId).amount(100).c11("000000031").raw(),
                    Notifications.of("TransaccionConfirmada", cardId).amount(200).c11("000000032").raw()));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get("/api/v1/analyst/anomalies?openHoldDays=0&cardId=" + cardId).get("anomalies")).isEmpty());
        }

        @Test
        void notificationsWaitingForAnUnregisteredCardAreListedWithTheirAgeAndAmountUntilItIsRegistered() throws Exception {
            ledger.recordNotifications(List.of(
                    Notifications.of("PeticionAutorizacion", cardId).amount(777).c11("000000041").raw()));
            kindsFor("kind=AWAITING_CARD&cardId=" + cardId, cardId, List.of("AWAITING_CARD:000000041"));
            JsonNode waiting = get("/api/v1/analyst/anomalies?kind=AWAITING_CARD&cardId=" + cardId).get("anomalies").get(0);
            assertThat(waiting.get("c4").asLong()).isEqualTo(777);
            assertThat(waiting.get("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);

            walletWithCard(10_000);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get("/api/v1/analyst/anomalies?kind=AWAITING_CARD&cardId=" + cardId).get("anomalies")).isEmpty());
        }

        @Test
        void parkedRecordsAreListedAndFilteredByTheirKey() throws Exception {
            jdbc.update("INSERT INTO parked_record (consumer, topic, kafka_partition, kafka_offset, record_key, payload, reason,"
                    + " exception_class, stack_digest) VALUES ('ledger', 'cardledger.raw-notifications.v1', 0, ?, ?, NULL,"
                    + " 'c2CardId too long', 'java.lang.IllegalArgumentException', 'abc')", System.nanoTime(), cardId);
            jdbc.update("INSERT INTO parked_record (consumer, topic, kafka_partition, kafka_offset, record_key, payload, reason,"
                    + " exception_class, stack_digest, status) VALUES ('ledger', 'cardledger.raw-notifications.v1', 0, ?, ?, NULL,"
                    + " 'retried already', 'java.lang.IllegalArgumentException', 'abc', 'RETRIED')", System.nanoTime(), cardId);

            JsonNode report = get("/api/v1/analyst/anomalies?kind=PARKED_RECORD&cardId=" + cardId);

            assertThat(report.get("anomalies")).hasSize(1);
            assertThat(report.get("anomalies").get(0).get("detail").asText()).contains("c2CardId too long");
            assertThat(report.get("counts").get("PARKED_RECORD").asLong()).isEqualTo(1);
        }

        @Test
        void pagesFollowTheCursorWithoutRepeatsOrGaps() throws Exception {
            walletWithCard(10_000);
            List<RawNotification> unknownTypes = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                unknownTypes.add(Notifications.of("SomethingNew" + i, cardId).amount(i + 1).raw());
            }
            ledger.recordNotifications(unknownTypes);
            kindsFor("kind=UNRECOGNISED_TYPE&cardId=" + cardId, cardId, List.of("UNRECOGNISED_TYPE:"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    get("/api/v1/analyst/anomalies?cardId=" + cardId).get("counts").get("UNRECOGNISED_TYPE").asLong()).isEqualTo(7));

            List<String> seen = new ArrayList<>();
            String after = "";
            int pages = 0;
            do {
                JsonNode page = get("/api/v1/analyst/anomalies?limit=3&cardId=" + cardId + "&after=" + after);
                page.get("anomalies").forEach(a -> seen.add(a.get("movementId").asText()));
                after = page.path("next").asText("");
                pages++;
            } while (!after.isEmpty());

            assertThat(pages).isEqualTo(3);
            assertThat(seen).hasSize(7).doesNotHaveDuplicates();
            assertThat(seen).containsExactlyInAnyOrderElementsOf(unknownTypes.stream().map(RawNotification::notificationId).toList());
        }

        @Test
        void countsStopAtTheCountLimitAndSaySo() throws Exception {
            walletWithCard(10_000);
            List<RawNotification> unknownTypes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                unknownTypes.add(Notifications.of("SomethingOther" + i, cardId).amount(i + 1).raw());
            }
            ledger.recordNotifications(unknownTypes);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    get("/api/v1/analyst/anomalies?cardId=" + cardId).get("counts").path("UNRECOGNISED_TYPE").asLong()).isEqualTo(3));

            JsonNode report = json.valueToTree(anomaliesWithCountLimit2.anomalies(
                    new AnomalyQueries.Filter(null, null, cardId, null, null, null, null, null)));

            assertThat(report.get("counts").get("UNRECOGNISED_TYPE").asLong()).isEqualTo(2);
            assertThat(report.get("countsAtLeast")).extracting(JsonNode::asText).containsExactly("UNRECOGNISED_TYPE");
            assertThat(report.get("anomalies")).hasSize(3);
        }

        @Test
        void badFiltersAreProblemsNotErrors() {
            for (String query : List.of("kind=NOPE", "limit=0", "limit=100000", "from=yesterday", "after=%21%21",
                    "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "openHoldDays=-1")) {
                ResponseEntity<String> response = call(HttpMethod.GET, "/api/v1/analyst/anomalies?" + query, ANALYST_TOKEN,
                        null, null, null);
                assertThat(response.getStatusCode().value()).as(query).isEqualTo(400);
                assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            }
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
        void theIssuersBalanceIsTheTotalByDefaultSoAnOpenHoldIsNoDifference() throws Exception {
            // given: 10,000 paid in, 1,500 withheld by an open authorization
            walletWithCard(10_000);
            ledger.recordNotifications(List.of(Notifications.of("PeticionAutorizacion", cardId).amount(1_500).c11("000000051").raw()));
            String walletGet = "{\"id\":\"" + walletId + "\",\"userId\":\"u-1\",\"currency\":\"USD\",\"description\":\"Main\","
                    + "\"balance\":10000,\"amountWithheld\":1500,\"creationDate\":\"2022-07-19T20:08:29.970Z\"}";

            // when / then
            assertThat(post("/api/v1/analyst/reconcile", MediaType.APPLICATION_JSON, walletGet).get("matched").asInt()).isEqualTo(1);
            JsonNode asAvailable = post("/api/v1/analyst/reconcile?issuerBalanceMeans=available", MediaType.APPLICATION_JSON, walletGet);
            assertThat(asAvailable.get("mismatched").asInt()).isEqualTo(1);
            assertThat(asAvailable.get("mismatches").get(0).get("difference").get("available").asLong()).isEqualTo(-1_500);

            String perUser = "{\"walletsJson\":\"[{\\\"Id\\\":\\\"" + walletId
                    + "\\\",\\\"Currency\\\":\\\"USD\\\",\\\"AmountAvailable\\\":8500,\\\"AmountWithheld\\\":1500}]\"}";
            assertThat(post("/api/v1/analyst/reconcile", MediaType.APPLICATION_JSON, perUser).get("matched").asInt()).isEqualTo(1);
            assertThat(post("/api/v1/analyst/reconcile", MediaType.parseMediaType("text/csv"),
                    "description,walletId,balance,amountWithheld\n\"Main, USD\"," + walletId + ",10000,1500\n").get("matched").asInt())
                    .isEqualTo(1);
        }

        @Test
        void eachTransactionLineIsMatchedByCardC11TypeAndAmountAndTheRestAreListedWithAReason() throws Exception {
            // given: ours has an authorization of 1,617 confirmed, one of 500, and a decline (never in the export)
            walletWithCard(10_000);
            ledger.recordNotifications(List.of(
                    Notifications.of("PeticionAutorizacion", cardId).amount(1_617).c11("000004339").raw(),
                    Notifications.of("TransaccionConfirmada", cardId).amount(1_617).c11("000004339").raw(),
                    Notifications.of("PeticionAutorizacion", cardId).amount(500).c11("000004340").raw(),
                    Notifications.of("DENEGADA Saldo insuficiente", cardId).amount(90_000).c11("000004341").raw()));
            // the issuer: the same confirmation (type in its own case), 600 where we have 500, and one we never got
            String lines = "[" + line("PeticionAutorizacion", "000004339", "000000001617")
                    + "," + line("transaccionConfirmada", "000004339", "1617")
                    + "," + line("PeticionAutorizacion", "000004340", "600")
                    + "," + line("PeticionAutorizacion", "000004342", "25")
                    + ",{\\\"id\\\":\\\"pi-1\\\",\\\"amount\\\":10000}]";
            String export = "{\"transactionListJson\":\"" + lines + "\",\"totalItems\":\"5\",\"currentPage\":\"1\",\"totalPages\":\"1\"}";

            // when
            JsonNode report = post("/api/v1/analyst/reconcile/transactions?walletId=" + walletId, MediaType.APPLICATION_JSON, export);

            // then
            assertThat(report.get("matched").asInt()).isEqualTo(2);
            assertThat(report.get("notCompared").asInt()).isEqualTo(1);
            assertThat(report.get("onlyInIssuerExport")).extracting(l -> l.get("c11").asText() + ":" + l.get("reason").asText())
                    .containsExactly("000004340:Amount differs: the ledger has PeticionAutorizacion for c11 000004340 at 500",
                            "000004342:Not in the ledger: nothing unmatched there for card " + cardId + " and c11 000004342");
            assertThat(report.get("onlyInLedger")).extracting(l -> l.get("c11").asText() + ":" + l.get("amount").asLong())
                    .containsExactly("000004340:500");
            assertThat(report.get("onlyInLedger").get(0).get("reason").asText()).startsWith("Amount differs: the issuer's export has");

            JsonNode byCard = post("/api/v1/analyst/reconcile/transactions?cardId=" + cardId, MediaType.APPLICATION_JSON, export);
            assertThat(byCard.get("matched").asInt()).isEqualTo(2);
            assertThat(byCard.get("onlyInLedger")).hasSize(1);
        }

        private String line(String type, String c11, String c4) {
            return "{\\\"c1Tipo\\\":\\\"" + type + "\\\",\\\"c2CardId\\\":\\\"" + cardId
                    + "\\\",\\\"c4ImporteTransaccion\\\":\\\"" + c4 + "\\\",\\\"c11NumeroIdentificativoTransaccion\\\":\\\"" + c11
                    + "\\\",\\\"isSettled\\\":\\\"true\\\"}";
        }

        @Test
        void aCsvWithoutTheExpectedHeaderIsABadRequest() {
            ResponseEntity<String> response = call(HttpMethod.POST, "/api/v1/analyst/reconcile", ANALYST_TOKEN, null,
                    MediaType.parseMediaType("text/csv"), "wallet,amount\nw-1,5\n");
            assertThat(response.getStatusCode().value()).isEqualTo(400);
            assertThat(response.getBody()).contains("walletId");
        }
    }
}
