package io.cardledger.ingest.katfacil;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.Topics;
import io.cardledger.events.katfacil.AmountReading;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.ingest.IngestIT;
import io.cardledger.ingest.RawLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /webhooks/katfacil} over real HTTP against the shared real broker. */
@ExtendWith(OutputCaptureExtension.class)
class KatFacilWebhookIT extends IngestIT {
    private static final String PATH = "/webhooks/katfacil";
    private static final ObjectMapper EVENTS = LedgerEventTypes.configure(new ObjectMapper());

    private HttpResponse<String> post(String authorization, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(PATH)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private static String funded(String cardId, String eventId, String amount) {
        return """
                {"event": "digitalcard.funded", "event_id": "%s",
                 "data": {"card_id": "%s", "user_id": "u-1", "amount": "%s", "currency": "USD", "status": "approved",
                          "transaction_id": "fund-1", "otp": "771188"}}""".formatted(eventId, cardId, amount);
    }

    @Test
    void anEventIsOnItsTopicKeyedByCardBeforeThe200(CapturedOutput output) throws Exception {
        // given
        String cardId = "kc-" + UUID.randomUUID();

        // when
        HttpResponse<String> response = post("Bearer " + KATFACIL_SECRET, funded(cardId, "ev-" + cardId, "50"));

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> records = RawLog.recordsWithKey(Topics.KATFACIL_EVENTS, cardId);
        assertThat(records).hasSize(1);
        RawKatFacilEvent raw = EVENTS.readValue(records.get(0).value(), RawKatFacilEvent.class);
        assertThat(raw.event().kind()).isEqualTo(KatFacilEventKind.FUNDED);
        assertThat(raw.event().amountMinor()).isEqualTo(5000);
        assertThat(raw.event().amountReading()).isEqualTo(AmountReading.EXACT);
        assertThat(raw.event().fundingId()).isEqualTo("fund-1");
        assertThat(EVENTS.readTree(response.body()).get("eventKey").asText()).isEqualTo(raw.eventKey());
        assertThat(new String(records.get(0).value())).doesNotContain("771188").doesNotContain("otp");
        assertThat(output.getAll()).doesNotContain(KATFACIL_SECRET).doesNotContain("771188");
    }

    @Test
    void aRedeliveryWithItsEventIdIsStoredAgainUnderTheSameKeyAndAnUnknownEventIsKept() throws Exception {
        String cardId = "kc-" + UUID.randomUUID();

        HttpResponse<String> first = post("Bearer " + KATFACIL_SECRET, funded(cardId, "ev-" + cardId, "50"));
        HttpResponse<String> again = post("Bearer " + KATFACIL_SECRET, funded(cardId, "ev-" + cardId, "50"));
        HttpResponse<String> unknown = post("Bearer " + KATFACIL_SECRET,
                "{\"type\": \"digitalcard.mystery\", \"data\": {\"card_id\": \"" + cardId + "\", \"x\": [1, {\"y\": true}]}}");

        assertThat(List.of(first.statusCode(), again.statusCode(), unknown.statusCode())).containsOnly(200);
        assertThat(EVENTS.readTree(again.body()).get("eventKey")).isEqualTo(EVENTS.readTree(first.body()).get("eventKey"));
        assertThat(EVENTS.readTree(unknown.body()).get("recognised").asBoolean()).isFalse();
        assertThat(EVENTS.readTree(unknown.body()).get("kind").asText()).isEqualTo("UNRECOGNISED");
        // The raw log keeps every delivery, as for PayCaddy; the ledger applies the key once.
        assertThat(RawLog.recordsWithKey(Topics.KATFACIL_EVENTS, cardId)).hasSize(3);
    }

    @ParameterizedTest(name = "Authorization {0} -> 401")
    @CsvSource(nullValues = "NULL", value = {"NULL", "'Bearer wrong'", "'Bearer '", "'Basic xyz'", "'Bearer " + WEBHOOK_PASSWORD + "'"})
    void aMissingOrWrongBearerSecretIsRefusedAndWritesNothing(String authorization) {
        String cardId = "kc-" + UUID.randomUUID();

        HttpResponse<String> response = post(authorization, funded(cardId, "e", "50"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(RawLog.recordsWithKey(Topics.KATFACIL_EVENTS, cardId)).isEmpty();
    }

    @Test
    void malformedNamelessAndOversizedBodiesAreRefusedWithProblems() throws Exception {
        String cardId = "kc-" + UUID.randomUUID();

        HttpResponse<String> nameless = post("Bearer " + KATFACIL_SECRET, "{\"data\": {\"card_id\": \"" + cardId + "\"}}");
        HttpResponse<String> malformed = post("Bearer " + KATFACIL_SECRET, "{\"event\": ");
        HttpResponse<String> oversized = post("Bearer " + KATFACIL_SECRET,
                "{\"event\": \"digitalcard.funded\", \"data\": {\"card_id\": \"" + cardId + "\", \"pad\": \"" + "x".repeat(70 * 1024) + "\"}}");

        assertThat(nameless.statusCode()).isEqualTo(400);
        assertThat(EVENTS.readTree(nameless.body()).get("detail").asText()).contains("event name");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(RawLog.recordsWithKey(Topics.KATFACIL_EVENTS, cardId)).isEmpty();
    }
}
