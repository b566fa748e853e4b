package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22's acceptance case through the whole running system (the three service jars against this
 * JVM's real Kafka broker and PostgreSQL): {@code POST /webhooks/katfacil} → {@code
 * cardledger.katfacil-events.v1} → ledger-service (KatFacil card, wallet) → ledger events →
 * projection-service, and the analyst's view of the card, with the OTP stored nowhere.
 */
class KatFacilEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String OTP = "864213";

    private static HttpResponse<String> call(String method, URI base, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String name, String eventId, String card, String extra) {
        return """
                {"event": "%s", "event_id": "%s", "data": {"card_id": "%s", "user_id": "u-%s", "currency": "USD"%s}}"""
                .formatted(name, eventId, card, card, extra);
    }

    @Test
    void fundedSpentDeclinedAndRedeliveredEndsAt3750AvailableAnd0Withheld() throws Exception {
        // given
        Target target = RunningSystem.get().target();
        String card = "kf-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String bearer = "Bearer " + target.katFacilSecret();
        String funded = event("digitalcard.funded", card + "-fd", card, ", \"amount\": \"50\", \"status\": \"approved\", \"transaction_id\": \"f-1\"");
        List<String> deliveries = List.of(
                event("digitalcard.newcard", card + "-new", card, ", \"status\": \"active\""),
                event("digitalcard.xpayactivation", card + "-xp", card, ", \"otp\": \"" + OTP + "\", \"code\": \"" + OTP + "\""),
                event("digitalcard.fundrequest", card + "-fr", card, ", \"amount\": \"50\", \"status\": \"processing\", \"transaction_id\": \"f-1\""),
                funded,
                event("digitalcard.transaction", card + "-t1", card, ", \"amount\": \"12.50\", \"status\": \"completed\", \"transaction_id\": \"t-1\", \"merchant\": \"AMZN\""),
                event("digitalcard.transaction", card + "-t2", card, ", \"amount\": \"3.00\", \"status\": \"declined\", \"transaction_id\": \"t-2\""),
                funded);

        // when
        List<Integer> statuses = new ArrayList<>();
        for (String body : deliveries) {
            statuses.add(call("POST", target.ingest(), "/webhooks/katfacil", bearer, body).statusCode());
        }

        // then
        assertThat(statuses).containsOnly(200);
        String service = "Bearer " + target.token();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> wallet = call("GET", target.projection(), "/api/v1/wallets/" + card, service, null);
            assertThat(wallet.statusCode()).isEqualTo(200);
            JsonNode w = JSON.readTree(wallet.body());
            assertThat(w.get("available").asLong()).isEqualTo(3750);
            assertThat(w.get("withheld").asLong()).isZero();
            assertThat(w.get("currency").asText()).isEqualTo("USD");
        });

        JsonNode lines = JSON.readTree(call("GET", target.projection(), "/api/v1/wallets/" + card + "/transactions", service, null).body())
                .get("items");
        List<String> shown = new ArrayList<>();
        lines.forEach(l -> shown.add(l.get("issuer").asText() + " " + l.get("notificationType").asText() + " " + l.get("availableDelta").asLong()));
        assertThat(shown).containsExactlyInAnyOrder("katfacil digitalcard.fundrequest 0", "katfacil digitalcard.funded 5000",
                "katfacil digitalcard.transaction -1250", "katfacil digitalcard.transaction 0");

        JsonNode stream = JSON.readTree(call("GET", target.ledger(), "/api/v1/analyst/cards/" + card + "/stream?issuer=katfacil",
                "Bearer " + target.analystToken(), null).body());
        List<String> effects = new ArrayList<>();
        stream.forEach(e -> effects.add(e.get("c1Tipo").asText() + " " + e.get("effect").asText()));
        assertThat(effects).containsExactly("digitalcard.newcard CARD_REGISTERED", "digitalcard.xpayactivation RECORDED",
                "digitalcard.fundrequest FUNDING_PENDING", "digitalcard.funded CREDIT", "digitalcard.transaction DEBIT",
                "digitalcard.transaction DECLINED");
        JsonNode registration = JSON.readTree(call("GET", target.ledger(), "/api/v1/analyst/cards/" + card + "/stream",
                "Bearer " + target.analystToken(), null).body());
        assertThat(registration.get(0).get("issuer").asText()).isEqualTo("katfacil");

        String kafka = CardDataNeverStoredIT.everyKafkaRecord();
        assertThat(kafka).contains(card).doesNotContainPattern(CardDataNeverStoredIT.asANumber(OTP))
                .doesNotContain(target.katFacilSecret());
        assertThat(CardDataNeverStoredIT.everyRow("e2e_ledger") + CardDataNeverStoredIT.everyRow("e2e_projection"))
                .contains(card).doesNotContainPattern(CardDataNeverStoredIT.asANumber(OTP));
    }
}
