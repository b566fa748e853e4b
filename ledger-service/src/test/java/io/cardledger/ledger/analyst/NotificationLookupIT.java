package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cardledger.events.katfacil.AmountReading;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.support.Notifications;
import io.cardledger.ledger.support.LedgerHttpITBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A notification's status by its id alone, or by its c11 alone (analyst API), answered from
 * {@code notification_index} kept by the outbox's processor, against the real PostgreSQL event store and Kafka
 * broker. One Spring context with the other HTTP tests ({@link LedgerHttpITBase}).
 */
class NotificationLookupIT extends LedgerHttpITBase {
    @Autowired
    TestRestTemplate http;
    @Autowired
    LedgerOperations ledger;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String walletId = "w-" + suffix;
    private final String cardId = "c-" + suffix;
    /** A c11 no other test uses: the look-up by c11 spans every card. */
    private final String c11 = "9" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L);

    private ResponseEntity<String> call(String path, String token, Object... uriVariables) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class, uriVariables);
    }

    private JsonNode get(String path) throws Exception {
        ResponseEntity<String> response = call(path, ANALYST_TOKEN);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    /** The answer once the outbox's processor has indexed the notification (it trails the event store). */
    private JsonNode once(String path) throws Exception {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(call(path, ANALYST_TOKEN).getStatusCode().value()).isEqualTo(200));
        return get(path);
    }

    @Test
    void anAppliedNotificationIsFoundByItsIdAloneWithItsCardAndMovements() throws Exception {
        // given
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        ledger.payIn("pi-" + suffix, walletId, 10_000, "USD", "top-up");
        RawNotification auth = Notifications.of("PeticionAutorizacion", cardId).amount(1617).c11(c11).raw();
        ledger.recordNotifications(List.of(auth));

        // then
        JsonNode status = once("/api/v1/analyst/notifications/" + auth.notificationId());
        assertThat(status.get("cardId").asText()).isEqualTo(cardId);
        assertThat(status.get("state").asText()).isEqualTo("APPLIED");
        assertThat(status.get("transactionId").asText()).isEqualTo(c11);
        assertThat(status.get("movements").get(0).get("withheldDelta").asLong()).isEqualTo(1617);
        // the same answer as the card-scoped look-up
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(SERVICE_TOKEN);
        JsonNode byCard = json.readTree(http.exchange("/api/v1/cards/" + cardId + "/notifications/" + auth.notificationId(),
                HttpMethod.GET, new HttpEntity<>(headers), String.class).getBody());
        assertThat(status).isEqualTo(byCard);
    }

    @Test
    void aNotificationWaitingForItsCardIsFoundByItsIdAndItsC11SpansEveryCard() throws Exception {
        // given: one c11 on a registered card and on a card never registered
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        String unregistered = "c-none-" + suffix;
        RawNotification onCard = Notifications.of("PeticionAutorizacion", cardId).amount(500).c11(c11).raw();
        RawNotification confirmed = Notifications.of("TransaccionConfirmada", cardId).amount(500).c11(c11).raw();
        RawNotification waiting = Notifications.of("PeticionAutorizacion", unregistered).amount(700).c11(" " + c11 + " ").raw();
        ledger.recordNotifications(List.of(onCard, confirmed, waiting));

        // then
        JsonNode status = once("/api/v1/analyst/notifications/" + waiting.notificationId());
        assertThat(status.get("cardId").asText()).isEqualTo(unregistered);
        assertThat(status.get("state").asText()).isEqualTo("AWAITING_CARD");

        List<String> byC11 = new ArrayList<>();
        get("/api/v1/analyst/notifications?c11=" + c11).forEach(s ->
                byC11.add(s.get("cardId").asText() + " " + s.get("notificationType").asText() + " " + s.get("state").asText()));
        assertThat(byC11).containsExactlyInAnyOrder(cardId + " PeticionAutorizacion APPLIED",
                cardId + " TransaccionConfirmada APPLIED", unregistered + " PeticionAutorizacion AWAITING_CARD");
        assertThat(get("/api/v1/analyst/notifications?c11=" + c11 + "x")).isEmpty();
    }

    @Test
    void aParkedNotificationIsFoundByItsIdThroughTheParkedRecords() throws Exception {
        // given: a record the ledger's consumer parked (as its failure handling writes it), never in the event store
        RawNotification poison = Notifications.of("PeticionAutorizacion", cardId).amount(300).c11(c11).raw();
        park("ledger", "cardledger.raw-notifications.v1", cardId, json.writeValueAsBytes(poison));

        // when
        JsonNode status = get("/api/v1/analyst/notifications/" + poison.notificationId());

        // then
        assertThat(status.get("cardId").asText()).isEqualTo(cardId);
        assertThat(status.get("state").asText()).isEqualTo("PARKED");
        assertThat(status.get("parkedRecord").get("reason").asText()).isEqualTo("failed every time");
        // and by its c11 alone, though no notification of its card was ever indexed
        assertThat(statesOfC11()).containsExactly(cardId + " PeticionAutorizacion PARKED");
    }

    /** "card type state" of each notification the look-up by this test's c11 alone answers. */
    private List<String> statesOfC11() throws Exception {
        List<String> states = new ArrayList<>();
        get("/api/v1/analyst/notifications?c11=" + c11).forEach(s ->
                states.add(s.get("cardId").asText() + " " + s.get("notificationType").asText() + " " + s.get("state").asText()));
        return states;
    }

    @Test
    void aParkedKatFacilEventIsFoundByItsKeyThroughItsConsumersParkedRecords() throws Exception {
        // given: a KatFacil event its consumer parked (keyed by card, as its topic is), never in the event store,
        // and the same event key parked by the PayCaddy consumer for another card, which must not be mistaken for it
        String eventId = "evt-" + suffix;
        KatFacilEvent event = new KatFacilEvent("digitalcard.transaction", KatFacilEventKind.TRANSACTION, eventId, cardId,
                "u-1", null, "3.00", 300, AmountReading.EXACT, "USD", "completed", c11, null, null, null);
        RawKatFacilEvent poison = new RawKatFacilEvent(RawKatFacilEvent.SCHEMA_VERSION, RawKatFacilEvent.keyOf(eventId, null),
                Instant.now(), event, JsonNodeFactory.instance.objectNode().put("event", "digitalcard.transaction"));
        park("ledger-katfacil", "cardledger.katfacil-events.v1", cardId, json.writeValueAsBytes(poison));
        park("ledger", "cardledger.raw-notifications.v1", "c-other-" + suffix, json.writeValueAsBytes(poison));

        // when
        JsonNode status = get("/api/v1/analyst/notifications/" + poison.eventKey());

        // then
        assertThat(status.get("cardId").asText()).isEqualTo(cardId);
        assertThat(status.get("state").asText()).isEqualTo("PARKED");
        assertThat(status.get("notificationType").asText()).isEqualTo("digitalcard.transaction");
        assertThat(status.get("transactionId").asText()).isEqualTo(c11);
        assertThat(status.get("parkedRecord").get("reason").asText()).isEqualTo("failed every time");
        assertThat(statesOfC11()).containsExactly(cardId + " digitalcard.transaction PARKED");
    }

    private void park(String consumer, String topic, String key, byte[] payload) {
        jdbc.update("INSERT INTO parked_record (consumer, topic, kafka_partition, kafka_offset, record_key, payload, reason,"
                + " exception_class, stack_digest) VALUES (?, ?, 0, ?, ?, ?, 'failed every time', 'java.lang.IllegalStateException',"
                + " 'abc')", consumer, topic, System.nanoTime(), key, payload);
    }

    @Test
    void anUnknownIdIs404AndABadOneOrABlankC11Is400AndTheServiceTokenIsForbidden() throws Exception {
        ResponseEntity<String> unknown = call("/api/v1/analyst/notifications/n-never-" + suffix, ANALYST_TOKEN);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(unknown.getBody()).contains("Notification not found");

        assertThat(call("/api/v1/analyst/notifications/{id}", ANALYST_TOKEN, "bad id").getStatusCode().value()).isEqualTo(400);
        assertThat(call("/api/v1/analyst/notifications?c11={c11}", ANALYST_TOKEN, " ").getStatusCode().value()).isEqualTo(400);
        assertThat(call("/api/v1/analyst/notifications", ANALYST_TOKEN).getStatusCode().value()).isEqualTo(400);
        assertThat(call("/api/v1/analyst/notifications/n-1", SERVICE_TOKEN).getStatusCode().value()).isEqualTo(403);
    }
}
