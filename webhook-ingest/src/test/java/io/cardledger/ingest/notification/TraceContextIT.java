package io.cardledger.ingest.notification;

import io.cardledger.events.Topics;
import io.cardledger.ingest.IngestIT;
import io.cardledger.ingest.RawLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.cardledger.ingest.notification.IssuerNotifications.newCardId;
import static io.cardledger.ingest.notification.IssuerNotifications.notification;
import static org.assertj.core.api.Assertions.assertThat;

/** W3C trace context: the webhook's traceparent continues on the raw record's Kafka header. */
class TraceContextIT extends IngestIT {
    private static final String PATH = "/webhooks/paycaddy/notifications";

    private String traceparentOfTheRecordFor(String cardId) {
        List<ConsumerRecord<String, byte[]>> records = RawLog.recordsWithKey(Topics.RAW_NOTIFICATIONS, cardId);
        assertThat(records).hasSize(1);
        Header header = records.get(0).headers().lastHeader("traceparent");
        assertThat(header).as("traceparent header").isNotNull();
        return new String(header.value(), StandardCharsets.US_ASCII);
    }

    @Test
    void theCallersTraceContinuesOnTheStoredRecordWithANewSpan() {
        // given a caller inside a trace
        String cardId = newCardId();
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        // when it delivers a notification
        int status = send(HttpRequest.newBuilder(uri(PATH)).header("Content-Type", "application/json").header("traceparent", incoming)
                .POST(HttpRequest.BodyPublishers.ofString(notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", cardId).toString()))
                .build()).statusCode();

        // then the record carries the same trace and flags, with a span of its own
        assertThat(status).isEqualTo(200);
        String stored = traceparentOfTheRecordFor(cardId);
        assertThat(stored).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01").isNotEqualTo(incoming);
    }

    @Test
    void aCallWithoutTraceStartsOne() {
        String cardId = newCardId();

        assertThat(postJson(PATH, notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", cardId).toString()).statusCode()).isEqualTo(200);

        assertThat(traceparentOfTheRecordFor(cardId)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
    }
}
