package io.cardledger.ledger.parking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.events.trace.TraceParent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.support.LedgerHttpITBase;
import io.cardledger.ledger.support.Notifications;
import io.cardledger.testing.SharedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records that fail on their own are parked and the rest of their partition goes on; failures of
 * the infrastructure are retried, in order, and park nothing. Real broker, real PostgreSQL.
 */
class PoisonRecordIT extends LedgerHttpITBase {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    @Autowired
    LedgerOperations ledger;
    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    EventStore eventStore;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;
    @Autowired
    MeterRegistry metrics;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String walletId = "w-" + suffix;
    private final String cardId = "c-" + suffix;

    private void walletWithCard() {
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        ledger.payIn("pi-" + suffix, walletId, 10_000, "USD", "top-up");
    }

    /** Sent with the good card's key: the same partition, right between the good ones. */
    private CompletableFuture<RecordMetadata> send(byte[] value) {
        return kafka.send(Topics.RAW_NOTIFICATIONS, cardId, value).thenApply(r -> r.getRecordMetadata());
    }

    private CompletableFuture<RecordMetadata> send(byte[] value, String traceparent) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.RAW_NOTIFICATIONS, cardId, value);
        record.headers().add(TraceParent.HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
        return kafka.send(record).thenApply(r -> r.getRecordMetadata());
    }

    private byte[] bytes(RawNotification raw) throws Exception {
        return json.writeValueAsBytes(raw);
    }

    private JsonNode analyst(HttpMethod method, String path) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(ANALYST_TOKEN);
        ResponseEntity<String> response = http.exchange(path, method, new HttpEntity<>(headers), String.class);
        assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
        return json.readTree(response.getBody());
    }

    private JsonNode parkedAt(long offset, int partition) throws Exception {
        for (JsonNode r : analyst(HttpMethod.GET, "/api/v1/analyst/parked?size=500").get("records")) {
            if (r.get("offset").asLong() == offset && r.get("partition").asInt() == partition
                    && r.get("topic").asText().equals(Topics.RAW_NOTIFICATIONS)) {
                return r;
            }
        }
        return null;
    }

    private double parkedCount() {
        var counter = metrics.find("cardledger.parked.records").tag("consumer", "ledger").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aPoisonRecordBetweenTwoGoodOnesIsParkedAndBothGoodOnesAreApplied() throws Exception {
        // given
        walletWithCard();
        byte[] poison = bytes(Notifications.of("PeticionAutorizacion", "bad\u0000card-" + suffix).amount(700).c11("000000777").raw());
        String deep = "{\"x\":".repeat(5_000) + "1" + "}".repeat(5_000);
        double parkedBefore = parkedCount();

        // when: good, poison, unreadable, good, in one burst on one partition
        var first = send(bytes(Notifications.of("PeticionAutorizacion", cardId).amount(1_000).c11("000000001").raw()));
        var bad = send(poison, TRACEPARENT);
        var unreadable = send(deep.getBytes());
        var second = send(bytes(Notifications.of("PeticionAutorizacion", cardId).amount(500).c11("000000002").raw()));
        kafka.flush();
        RecordMetadata badAt = bad.get();
        RecordMetadata unreadableAt = unreadable.get();
        assertThat(first.get().partition()).isEqualTo(badAt.partition()).isEqualTo(second.get().partition());

        // then both good ones are applied within 5 s
        await().atMost(Duration.ofSeconds(5)).until(() -> ledger.wallet(walletId),
                w -> w.availableMinor() == 8_500 && w.withheldMinor() == 1_500);
        // and the poison ones are parked with their reason
        JsonNode parked = await().atMost(Duration.ofSeconds(5)).until(() -> parkedAt(badAt.offset(), badAt.partition()), r -> r != null);
        assertThat(parked.get("status").asText()).isEqualTo("PARKED");
        assertThat(parked.get("consumer").asText()).isEqualTo("ledger");
        assertThat(parked.get("key").asText()).isEqualTo(cardId);
        assertThat(parked.get("reason").asText()).isNotBlank();
        assertThat(parked.get("stackDigest").asText()).hasSize(64);
        assertThat(parked.get("traceparent").asText()).isEqualTo(TRACEPARENT);
        JsonNode garbage = parkedAt(unreadableAt.offset(), unreadableAt.partition());
        assertThat(garbage).isNotNull();
        assertThat(garbage.get("reason").asText()).isNotBlank();
        assertThat(garbage.get("traceparent").isNull()).as("sent without a traceparent").isTrue();
        assertThat(parkedCount()).isGreaterThanOrEqualTo(parkedBefore + 2);

        // and one can be read with its payload and re-driven: it still fails on its own
        JsonNode shown = analyst(HttpMethod.GET, "/api/v1/analyst/parked/" + parked.get("id").asLong());
        assertThat(shown.get("payload").asText()).contains("card-" + suffix);
        JsonNode retried = analyst(HttpMethod.POST, "/api/v1/analyst/parked/" + parked.get("id").asLong() + "/retry");
        assertThat(retried.get("status").asText()).isEqualTo("RETRY_FAILED");
        assertThat(ledger.wallet(walletId).availableMinor()).isEqualTo(8_500);
    }

    @Test
    void aParkedRecordThatNowAppliesIsRetried() throws Exception {
        // given a notification parked by hand (as if a since-fixed bug had refused it)
        walletWithCard();
        byte[] value = bytes(Notifications.of("PeticionAutorizacion", cardId).amount(250).c11("000000003").raw());
        long offset = System.nanoTime();
        jdbc.update("INSERT INTO parked_record (consumer, topic, kafka_partition, kafka_offset, record_key, payload, reason, "
                + "exception_class, stack_digest, traceparent) VALUES ('ledger', 'test-topic', 0, ?, ?, ?, 'a bug since fixed', "
                + "'java.lang.IllegalStateException', 'x', ?)", offset, cardId, value, TRACEPARENT);
        long id = jdbc.queryForObject("SELECT id FROM parked_record WHERE topic = 'test-topic' AND kafka_offset = ?", Long.class, offset);

        // when
        JsonNode retried = analyst(HttpMethod.POST, "/api/v1/analyst/parked/" + id + "/retry");

        // then
        assertThat(retried.get("status").asText()).isEqualTo("RETRIED");
        assertThat(ledger.wallet(walletId).availableMinor()).isEqualTo(9_750);
        // and the re-driven notification's events join the parked record's trace
        List<? extends DomainEventMessage<?>> cardEvents = eventStore.readEvents("card:" + cardId).asStream().toList();
        assertThat(cardEvents.get(cardEvents.size() - 1).getMetaData().get(TraceParent.HEADER)).isEqualTo(TRACEPARENT);
        // a second re-drive is a redelivery: no money moves twice
        analyst(HttpMethod.POST, "/api/v1/analyst/parked/" + id + "/retry");
        assertThat(ledger.wallet(walletId).withheldMinor()).isEqualTo(250);
    }

    @Test
    void theEventStoreUnavailableForAWhileIsRetriedInOrderAndParksNothing() throws Exception {
        // given
        walletWithCard();
        double parkedBefore = parkedCount();
        double retriesBefore = transientFailures();

        // when the event store's table is gone (a bad deployment, a failover) while notifications arrive
        jdbc.execute("ALTER TABLE domainevententry RENAME TO domainevententry_away");
        RecordMetadata at;
        try {
            send(bytes(Notifications.of("PeticionAutorizacion", cardId).amount(300).c11("000000004").raw())).get();
            at = send(bytes(Notifications.of("TransaccionConfirmada", cardId).amount(300).c11("000000004").raw())).get();
            // the consumer keeps failing and retrying for a while, parking nothing
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> parkedCount() == parkedBefore);
        } finally {
            jdbc.execute("ALTER TABLE domainevententry_away RENAME TO domainevententry");
        }

        // then once it is back, both apply in order, and nothing was parked
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.wallet(walletId),
                w -> w.availableMinor() == 9_700 && w.withheldMinor() == 0);
        assertThat(parkedAt(at.offset(), at.partition())).isNull();
        assertThat(parkedCount()).isEqualTo(parkedBefore);
        assertThat(transientFailures()).isGreaterThan(retriesBefore);
    }

    private double transientFailures() {
        var counter = metrics.find("cardledger.consumer.transient.failures").tag("consumer", "ledger").counter();
        return counter == null ? 0 : counter.count();
    }
}
