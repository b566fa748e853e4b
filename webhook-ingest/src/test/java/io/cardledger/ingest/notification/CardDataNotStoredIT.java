package io.cardledger.ingest.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.Topics;
import io.cardledger.ingest.IngestIT;
import io.cardledger.ingest.RawLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Card data sent in a notification or a KYC webhook never reaches Kafka: keys that denote card data
 * or secrets are gone at any depth and PANs are masked, in the raw topic (the source of truth the
 * ledger's event store and ledger-events are derived from) and the KYC topic. The end-to-end test
 * through the ledger and PostgreSQL is scenario-runner's CardDataNeverStoredIT.
 */
class CardDataNotStoredIT extends IngestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Public test PANs of each scheme: Visa, Mastercard (5 and 2 series), Amex, Discover, JCB, Diners, UnionPay. */
    static final List<String> TEST_PANS = List.of("4111111111111111", "5555555555554444", "2223003122003222",
            "378282246310005", "6011111111111117", "3530111333300000", "30569309025904", "6200000000000005");
    private static final String CVV = "737";
    private static final String PIN = "4321";
    private static final String OTP = "918273";

    @Test
    void aNotificationCarryingPansCvvPinAndOtpIsStoredWithoutThem() throws Exception {
        String cardId = IssuerNotifications.newCardId();
        ObjectNode body = IssuerNotifications.notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", cardId);
        body.put("pan", TEST_PANS.get(0));
        body.put("c22Descripcion", "card " + spaced(TEST_PANS.get(1)) + " at the till");
        ObjectNode card = body.putObject("tarjeta");
        card.put("numeroTarjeta", TEST_PANS.get(2));
        card.put("CVV", CVV);
        card.putObject("auth").put("pin", PIN).put("Otp", OTP).put("reference", TEST_PANS.get(3));
        var history = body.putArray("history");
        for (String pan : TEST_PANS.subList(4, TEST_PANS.size())) {
            history.addObject().put("cardNumber", pan).put("note", "seen " + pan);
        }
        history.add(dashed(TEST_PANS.get(0)));

        HttpResponse<String> first = postJson("/webhooks/paycaddy/notifications", body.toString());
        HttpResponse<String> again = postJson("/webhooks/paycaddy/notifications", body.toString());

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        // A redelivery still has the same id: the id is the hash of the scrubbed body, which is deterministic.
        assertThat(again.body()).isEqualTo(first.body());
        List<ConsumerRecord<String, byte[]>> stored = RawLog.recordsWithKey(Topics.RAW_NOTIFICATIONS, cardId);
        assertThat(stored).hasSize(2);
        for (ConsumerRecord<String, byte[]> record : stored) {
            String text = new String(record.value(), StandardCharsets.UTF_8);
            assertNoCardData(text);
            assertThat(text).contains("411111******1111", "555555******4444").contains(cardId);
        }
    }

    @Test
    void aKycWebhookCarryingCardDataIsStoredWithoutIt() throws Exception {
        String userId = "user-" + UUID.randomUUID();
        String body = """
                {"metadata": {"userId": "%s", "cvv": "%s"}, "status": "verified",
                 "description": "Verified with card %s", "pan": "%s", "timeStamp": "2026-01-01T00:00:00Z"}"""
                .formatted(userId, CVV, dashed(TEST_PANS.get(3)), TEST_PANS.get(0));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/webhooks/paycaddy/kyc"))
                .header("Content-Type", "application/json").header("X-Webhook-Secret", KYC_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> stored = RawLog.recordsWithKey(Topics.KYC, userId);
        assertThat(stored).hasSize(1);
        String text = new String(stored.get(0).value(), StandardCharsets.UTF_8);
        assertNoCardData(text);
        assertThat(JSON.readTree(text).get("description").asText()).isEqualTo("Verified with card 378282*****0005");
    }

    static void assertNoCardData(String stored) {
        for (String pan : TEST_PANS) {
            assertThat(stored).doesNotContain(pan).doesNotContain(spaced(pan)).doesNotContain(dashed(pan));
        }
        assertThat(stored).doesNotContain("\"" + CVV + "\"").doesNotContain("\"" + PIN + "\"").doesNotContain("\"" + OTP + "\"")
                .doesNotContainIgnoringCase("\"cvv\"").doesNotContainIgnoringCase("\"pin\"").doesNotContainIgnoringCase("\"otp\"")
                .doesNotContainIgnoringCase("numeroTarjeta").doesNotContainIgnoringCase("cardNumber")
                .doesNotContain(WEBHOOK_PASSWORD);
    }

    static String spaced(String pan) {
        return pan.replaceAll("(\\d{4})(?=\\d)", "$1 ");
    }

    static String dashed(String pan) {
        return pan.replaceAll("(\\d{4})(?=\\d)", "$1-");
    }
}
