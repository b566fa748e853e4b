package io.cardledger.ingest.chargeback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.Topics;
import io.cardledger.events.chargeback.ChargebackReport;
import io.cardledger.ingest.IngestIT;
import io.cardledger.ingest.RawLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 21: the issuer's chargeback webhook over real HTTP into the real broker. */
class ChargebackWebhookIT extends IngestIT {
    private static final String PATH = "/webhooks/paycaddy/chargebacks";
    private static final ObjectMapper EVENTS = LedgerEventTypes.configure(new ObjectMapper());

    @Test
    void aReportIsStoredKeyedByCardWithItsBodyAndWithoutPasswordOrCardData() throws Exception {
        String card = "c-cb-" + UUID.randomUUID();
        HttpResponse<String> response = postJson(PATH, """
                {"password": "%s", "c2CardId": "%s", "c11NumeroIdentificativoTransaccion": "000004339",
                 "ChargeBackStatus": "Won", "amount": "001617", "pan": "5555444433331111", "note": "card 5555444433331111"}"""
                .formatted(WEBHOOK_PASSWORD, card));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> records = RawLog.recordsWithKey(Topics.CHARGEBACKS, card);
        assertThat(records).hasSize(1);
        String payload = new String(records.get(0).value(), StandardCharsets.UTF_8);
        ChargebackReport report = EVENTS.readValue(payload, ChargebackReport.class);
        assertThat(report.cardId()).isEqualTo(card);
        assertThat(report.transactionId()).isEqualTo("000004339");
        assertThat(report.status()).isEqualTo("Won");
        assertThat(report.amountMinor()).isEqualTo(1_617L);
        assertThat(report.rawBody()).contains("ChargeBackStatus");
        assertThat(payload).doesNotContain(WEBHOOK_PASSWORD).doesNotContain("5555444433331111");
        assertThat(report.reportId()).isEqualTo(EVENTS.readTree(response.body()).get("reportId").asText());
    }

    @Test
    void theOtherSpellingsAreAcceptedAndTheAmountIsOptional() throws Exception {
        String card = "c-cb-" + UUID.randomUUID();
        HttpResponse<String> response = postJson(PATH, """
                {"password": "%s", "cardId": "%s", "transactionId": "77", "status": "under review"}"""
                .formatted(WEBHOOK_PASSWORD, card));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ChargebackReport report = EVENTS.readValue(RawLog.recordsWithKey(Topics.CHARGEBACKS, card).get(0).value(), ChargebackReport.class);
        assertThat(report.transactionId()).isEqualTo("77");
        assertThat(report.amountMinor()).isNull();
    }

    @Test
    void refusedReportsAreProblemsAndStoreNothing() throws Exception {
        String card = "c-cb-" + UUID.randomUUID();
        assertProblem(postJson(PATH, "{\"cardId\":\"" + card + "\",\"transactionId\":\"1\",\"status\":\"won\"}"), 401);
        assertProblem(postJson(PATH, "{\"password\":\"wrong\",\"cardId\":\"" + card + "\",\"transactionId\":\"1\",\"status\":\"won\"}"), 401);
        assertProblem(postJson(PATH, "{\"password\":\"" + WEBHOOK_PASSWORD + "\",\"cardId\":\"" + card + "\",\"status\":\"won\"}"), 400);
        assertProblem(postJson(PATH, "{\"password\":\"" + WEBHOOK_PASSWORD + "\",\"cardId\":\"" + card + "\",\"transactionId\":\"1\"}"), 400);
        assertProblem(postJson(PATH, "{\"password\":\"" + WEBHOOK_PASSWORD + "\",\"cardId\":\"" + card
                + "\",\"transactionId\":\"1\",\"status\":\"won\",\"amount\":\"-5\"}"), 400);
        assertProblem(postJson(PATH, "not json"), 400);

        assertThat(RawLog.recordsWithKey(Topics.CHARGEBACKS, card)).isEmpty();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void theOpenApiDocumentDescribesTheWebhookWithExamplesAndProblems() throws Exception {
        HttpResponse<String> docs = send(java.net.http.HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build());
        assertThat(docs.statusCode()).isEqualTo(200);
        String post = EVENTS.readTree(docs.body()).path("paths").path(PATH).path("post").toString();
        assertThat(post).contains("ChargeBackStatus").contains("\"401\"").contains("\"503\"").contains("invalid-field");
    }
}
