package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cardledger.events.katfacil.AmountReading;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.ledger.application.KatFacilOperations;
import io.cardledger.ledger.support.LedgerHttpITBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KatFacil events the ledger did not recognise or flagged, and money that moved on a frozen KatFacil card, in
 * the analyst's anomalies report: applied through the ledger (real PostgreSQL event store, the outbox's
 * processor on the real Kafka broker), read over HTTP. One Spring context with the other HTTP tests ({@link LedgerHttpITBase}).
 */
class KatFacilAnomaliesIT extends LedgerHttpITBase {
    @Autowired
    TestRestTemplate http;
    @Autowired
    KatFacilOperations katFacil;
    @Autowired
    ObjectMapper json;

    private final String card = "kc-" + UUID.randomUUID().toString().substring(0, 8);

    private RawKatFacilEvent event(String name, KatFacilEventKind kind, String amount, long minor, AmountReading reading,
                                   String currency, String status, String transactionId, String fundingId) {
        String eventId = card + "-" + UUID.randomUUID();
        KatFacilEvent e = new KatFacilEvent(name, kind, eventId, card, "u-" + card, null, amount, minor, reading, currency,
                status, transactionId, fundingId, null, null);
        return new RawKatFacilEvent(1, RawKatFacilEvent.keyOf(eventId, null), Instant.now(), e,
                JsonNodeFactory.instance.objectNode().put("event", name));
    }

    private RawKatFacilEvent plain(String name, KatFacilEventKind kind) {
        return event(name, kind, null, 0, AmountReading.ABSENT, "USD", null, null, null);
    }

    private RawKatFacilEvent funded(String amount, long minor, String fundingId) {
        return event("digitalcard.funded", KatFacilEventKind.FUNDED, amount, minor, AmountReading.EXACT, "USD", "approved",
                null, fundingId);
    }

    private RawKatFacilEvent spend(long minor, String status, String transactionId) {
        return event("digitalcard.transaction", KatFacilEventKind.TRANSACTION, "x", minor, AmountReading.EXACT, "USD", status,
                transactionId, null);
    }

    private JsonNode get(String path) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(ANALYST_TOKEN);
        ResponseEntity<String> response = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    /** kind → event names of the card's anomalies. */
    private Map<String, List<String>> anomaliesOfTheCard(String query) throws Exception {
        Map<String, List<String>> byKind = new TreeMap<>();
        get("/api/v1/analyst/anomalies?limit=1000&cardId=" + card + query).get("anomalies")
                .forEach(a -> byKind.computeIfAbsent(a.get("kind").asText(), k -> new ArrayList<>()).add(a.path("c1Tipo").asText()));
        return byKind;
    }

    @Test
    void unrecognisedAndFlaggedKatFacilEventsAndMoneyOnAFrozenCardAreAnomaliesFilteredLikeTheOthers() throws Exception {
        // given
        RawKatFacilEvent blockedSpend = spend(500, "completed", "tx-3");
        katFacil.record(List.of(
                plain("digitalcard.newcard", KatFacilEventKind.NEW_CARD),
                funded("20", 2000, card + "-fund-1"),
                funded("20", 2000, card + "-fund-1"),                         // another event id, same funding: DUPLICATE_MONEY_ID
                plain("digitalcard.somethingnew", KatFacilEventKind.UNRECOGNISED),
                event("digitalcard.funded", KatFacilEventKind.FUNDED, "1.005", 0, AmountReading.INEXACT, "USD", "approved", null, "fund-2"),
                event("digitalcard.funded", KatFacilEventKind.FUNDED, "1e3", 0, AmountReading.UNREADABLE, "USD", "approved", null, "fund-3"),
                event("digitalcard.funded", KatFacilEventKind.FUNDED, "5", 500, AmountReading.EXACT, "EUR", "approved", null, "fund-4"),
                spend(100, "on-hold", "tx-1"),                                // UNRECOGNISED_STATUS
                spend(100, "declined", "tx-2"),                               // a decline: no anomaly
                spend(250, "completed", "tx-0"),                              // money on an active card: no anomaly
                plain("digitalcard.freeze", KatFacilEventKind.FREEZE),
                blockedSpend,                                                 // money on a frozen card: CARD_BLOCKED
                plain("digitalcard.unfreeze", KatFacilEventKind.UNFREEZE),
                spend(50, "completed", "tx-4")));                             // after the unfreeze: no anomaly

        // then
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(anomaliesOfTheCard("")).isEqualTo(Map.of(
                        "CARD_BLOCKED", List.of("digitalcard.transaction"),
                        "CURRENCY_MISMATCH", List.of("digitalcard.funded"),
                        "DUPLICATE_MONEY_ID", List.of("digitalcard.funded"),
                        "INEXACT_AMOUNT", List.of("digitalcard.funded"),
                        "UNREADABLE_AMOUNT", List.of("digitalcard.funded"),
                        "UNRECOGNISED_STATUS", List.of("digitalcard.transaction"),
                        "UNRECOGNISED_TYPE", List.of("digitalcard.somethingnew"))));

        JsonNode blocked = get("/api/v1/analyst/anomalies?kind=card_blocked&walletId=" + card).get("anomalies");
        assertThat(blocked).hasSize(1);
        assertThat(blocked.get(0).get("key").asText()).isEqualTo(blockedSpend.eventKey());
        assertThat(blocked.get(0).get("notificationId").asText()).isEqualTo(blockedSpend.eventKey());
        assertThat(blocked.get(0).get("c11").asText()).isEqualTo("tx-3");
        assertThat(blocked.get(0).get("c4").asLong()).isEqualTo(500);
        assertThat(blocked.get(0).get("availableDelta").asLong()).isEqualTo(-500);
        assertThat(blocked.get(0).get("detail").asText()).contains("blocked");

        // the analyst's look-up by the event key alone, or by its transaction id alone
        JsonNode status = get("/api/v1/analyst/notifications/" + blockedSpend.eventKey());
        assertThat(status.get("cardId").asText()).isEqualTo(card);
        assertThat(status.get("notificationType").asText()).isEqualTo("digitalcard.transaction");
        assertThat(status.get("state").asText()).isEqualTo("APPLIED");
        assertThat(status.get("movements").get(0).get("effect").asText()).isEqualTo("DEBIT");
        assertThat(status.get("movements").get(0).get("availableDelta").asLong()).isEqualTo(-500);
        assertThat(status.get("movements").get(0).get("flags").toString()).contains("CARD_BLOCKED");
        List<String> ofTheCard = new ArrayList<>();
        get("/api/v1/analyst/notifications?c11=" + card + "-fund-1").forEach(f -> ofTheCard.add(f.get("cardId").asText() + " "
                + f.get("movements").get(0).get("effect").asText() + " " + f.get("movements").get(0).get("flags")));
        assertThat(ofTheCard).containsExactly(card + " CREDIT []", card + " RECORDED [\"DUPLICATE_MONEY_ID\"]");

        JsonNode report = get("/api/v1/analyst/anomalies?cardId=" + card + "&kind=DUPLICATE_MONEY_ID,CURRENCY_MISMATCH");
        assertThat(report.get("anomalies")).hasSize(2);
        assertThat(report.get("counts").get("DUPLICATE_MONEY_ID").asLong()).isEqualTo(1);
        assertThat(report.get("counts").get("CURRENCY_MISMATCH").asLong()).isEqualTo(1);
        assertThat(report.get("counts").has("UNRECOGNISED_TYPE")).isFalse();
        assertThat(get("/api/v1/analyst/anomalies?cardId=" + card + "&from=2999-01-01T00:00:00Z").get("anomalies")).isEmpty();
        assertThat(get("/api/v1/analyst/anomalies?cardId=" + card + "&to=2000-01-01T00:00:00Z").get("anomalies")).isEmpty();
        assertThat(get("/api/v1/analyst/anomalies?walletId=other-" + card).get("anomalies")).isEmpty();
    }

    private void control(String action) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(SERVICE_TOKEN);
        ResponseEntity<String> response = http.exchange("/api/v1/cards/" + card + "/" + action, HttpMethod.POST,
                new HttpEntity<>(headers), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
    }

    @Test
    void moneyOnAKatFacilCardBlockedOrCancelledThroughTheCardControlsIsFlaggedAsPayCaddysIs() throws Exception {
        // given: a KatFacil card blocked through the ledger's card controls (not frozen by KatFacil)
        katFacil.record(List.of(plain("digitalcard.newcard", KatFacilEventKind.NEW_CARD), funded("20", 2000, card + "-fund-1")));
        control("block");
        RawKatFacilEvent whileBlocked = spend(300, "completed", "tx-b");
        // in the same poll, an event of a card never registered (its controls cannot be read): it waits, the poll goes on
        RawKatFacilEvent elsewhere = new RawKatFacilEvent(1, RawKatFacilEvent.keyOf("other-" + card, null), Instant.now(),
                new KatFacilEvent("digitalcard.transaction", KatFacilEventKind.TRANSACTION, "other-" + card, "none-" + card, "u-x",
                        null, "x", 100, AmountReading.EXACT, "USD", "completed", "tx-x", null, null, null),
                JsonNodeFactory.instance.objectNode().put("event", "digitalcard.transaction"));
        katFacil.record(List.of(elsewhere, whileBlocked));
        control("unblock");
        RawKatFacilEvent afterUnblock = spend(100, "completed", "tx-u");
        katFacil.record(List.of(afterUnblock));
        control("cancel");
        RawKatFacilEvent whileCancelled = funded("5", 500, card + "-fund-2");
        katFacil.record(List.of(whileCancelled));

        // then
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(anomaliesOfTheCard("")).isEqualTo(Map.of(
                        "CARD_BLOCKED", List.of("digitalcard.transaction"),
                        "CARD_CANCELLED", List.of("digitalcard.funded"))));
        JsonNode blocked = get("/api/v1/analyst/anomalies?kind=CARD_BLOCKED&cardId=" + card).get("anomalies").get(0);
        assertThat(blocked.get("key").asText()).isEqualTo(whileBlocked.eventKey());
        assertThat(blocked.get("availableDelta").asLong()).isEqualTo(-300);
        assertThat(blocked.get("detail").asText()).contains("blocked");
        JsonNode cancelled = get("/api/v1/analyst/anomalies?kind=CARD_CANCELLED&cardId=" + card).get("anomalies").get(0);
        assertThat(cancelled.get("key").asText()).isEqualTo(whileCancelled.eventKey());
        assertThat(cancelled.get("availableDelta").asLong()).isEqualTo(500);
        assertThat(cancelled.get("detail").asText()).contains("cancelled");
        assertThat(get("/api/v1/analyst/notifications/" + elsewhere.eventKey()).get("state").asText()).isEqualTo("AWAITING_CARD");
        assertThat(get("/api/v1/analyst/notifications/" + afterUnblock.eventKey()).get("movements").get(0).get("flags")).isEmpty();
    }

    @Test
    void aKatFacilEventWaitingForItsNewcardIsAwaitingCardUntilTheNewcardArrives() throws Exception {
        // given
        RawKatFacilEvent early = funded("12.50", 1250, "fund-1");
        katFacil.record(List.of(early));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode waiting = get("/api/v1/analyst/anomalies?kind=AWAITING_CARD&cardId=" + card).get("anomalies");
            assertThat(waiting).hasSize(1);
            assertThat(waiting.get(0).get("c4").asLong()).isEqualTo(1250);
            assertThat(waiting.get(0).get("c11").asText()).isEqualTo("fund-1");
            assertThat(waiting.get(0).get("c1Tipo").asText()).isEqualTo("digitalcard.funded");
            assertThat(waiting.get(0).has("ageSeconds")).isTrue();
        });
        assertThat(get("/api/v1/analyst/notifications/" + early.eventKey()).get("state").asText()).isEqualTo("AWAITING_CARD");

        // when
        katFacil.record(List.of(plain("digitalcard.newcard", KatFacilEventKind.NEW_CARD)));

        // then
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(get("/api/v1/analyst/anomalies?cardId=" + card).get("anomalies")).isEmpty());
        assertThat(get("/api/v1/analyst/notifications/" + early.eventKey()).get("movements").get(0).get("effect").asText())
                .isEqualTo("CREDIT");
    }
}
