package io.cardledger.ingest.kyc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.Topics;
import io.cardledger.events.kyc.KycStatusReported;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class KycWebhookIT extends IngestIT {
    private static final String PATH = "/webhooks/paycaddy/kyc";
    private static final ObjectMapper EVENTS = LedgerEventTypes.configure(new ObjectMapper());
    private static final String FULL_NAME = "Marisol Quintero-Arce";
    private static final String AGE = "47";

    private static String kycBody(String userId, String status) {
        return """
                {"metadata": {"userId": "%s"}, "status": "%s", "description": "Verification signed",
                 "fullName": "%s", "age": "%s", "timeStamp": "2023-03-16T09:42:18.8338086Z"}"""
                .formatted(userId, status, FULL_NAME, AGE);
    }

    private HttpResponse<String> post(String secret, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(PATH)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Webhook-Secret", secret);
        }
        return send(request.build());
    }

    @Test
    void aVerifiedStatusIsStoredKeyedByUserWithoutNameOrAge(CapturedOutput output) throws Exception {
        // given
        String userId = "user-" + UUID.randomUUID();

        // when
        HttpResponse<String> response = post(KYC_SECRET, kycBody(userId, "verified"));

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> records = RawLog.recordsWithKey(Topics.KYC, userId);
        assertThat(records).hasSize(1);
        String payload = new String(records.get(0).value(), StandardCharsets.UTF_8);
        KycStatusReported event = EVENTS.readValue(payload, KycStatusReported.class);
        assertThat(event.userId()).isEqualTo(userId);
        assertThat(event.status()).isEqualTo("verified");
        assertThat(event.description()).isEqualTo("Verification signed");
        assertThat(event.reportedAt()).isEqualTo("2023-03-16T09:42:18.8338086Z");
        assertThat(event.notificationId()).isEqualTo(EVENTS.readTree(response.body()).get("notificationId").asText());
        assertThat(payload).doesNotContain(FULL_NAME).doesNotContain("fullName").doesNotContain("\"age\"");
        assertThat(output.getAll()).doesNotContain(FULL_NAME).doesNotContain(KYC_SECRET);
    }

    @ParameterizedTest(name = "secret {0} -> 401")
    @CsvSource(nullValues = "NULL", value = {"NULL", "wrong-secret", "''"})
    void aMissingOrWrongSecretIsRefusedAndWritesNothing(String secret) throws Exception {
        String userId = "user-" + UUID.randomUUID();

        HttpResponse<String> response = post(secret, kycBody(userId, "verified"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(RawLog.recordsWithKey(Topics.KYC, userId)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> 400")
    @CsvSource(delimiter = '|', value = {
            "no userId   | {\"metadata\": {}, \"status\": \"verified\"}",
            "no metadata | {\"status\": \"verified\", \"userId\": \"USER\"}",
            "no status   | {\"metadata\": {\"userId\": \"USER\"}, \"description\": \"x\"}",
            "not JSON    | {\"metadata\": {\"userId\": \"USER\"}"})
    void aBodyWithoutUserIdOrStatusIsRefusedAndWritesNothing(String name, String template) throws Exception {
        String userId = "user-" + UUID.randomUUID();
        long before = RawLog.size(Topics.KYC);

        HttpResponse<String> response = post(KYC_SECRET, template.replace("USER", userId));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(EVENTS.readTree(response.body()).get("detail").asText()).containsAnyOf("metadata.userId", "status", "JSON");
        assertThat(RawLog.size(Topics.KYC)).isEqualTo(before);
    }
}
