package io.cardledger.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.support.Notifications;
import io.cardledger.ledger.wallet.WalletState;
import io.cardledger.testing.SharedInfra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ledger against a real broker and a real PostgreSQL: raw topic in, event store, ledger-events topic out. */
@SpringBootTest
class LedgerPipelineIT {
    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        SharedInfra.get().springProperties("ledger").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("cardledger.security.service-token", () -> "test-token");
    }

    @Autowired
    LedgerOperations ledger;
    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    ObjectMapper json;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    EventStore eventStore;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String walletId = "w-" + suffix;
    private final String cardId = "c-" + suffix;

    private void publish(RawNotification raw) throws Exception {
        kafka.send(Topics.RAW_NOTIFICATIONS, raw.notification().cardId(), json.writeValueAsBytes(raw)).get();
    }

    private WalletState awaitBalance(long available, long withheld) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> ledger.wallet(walletId),
                w -> w.availableMinor() == available && w.withheldMinor() == withheld);
    }

    @Test
    void notificationsFromTheRawTopicMoveTheWalletAndArePublishedInOrder() throws Exception {
        // given
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        ledger.payIn("pi-" + suffix, walletId, 10_000, "USD", "top-up");

        // when
        publish(Notifications.of("PeticionAutorizacion", cardId).amount(1617).c11("000004339").raw());
        publish(Notifications.of("TransaccionConfirmada", cardId).amount(1617).c11("000004339").raw());

        // then
        awaitBalance(8383, 0);
        List<JsonNode> walletEvents = ledgerEventsOf("wallet:" + walletId, 4);
        assertThat(walletEvents).extracting(e -> e.get("type").asText())
                .containsExactly("WalletRegistered", "PayInRecorded", "CardMovementPosted", "CardMovementPosted");
        assertThat(walletEvents).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(walletEvents.get(3).get("payload").get("balanceAfter").get("availableMinor").asLong()).isEqualTo(8383);
        List<JsonNode> cardEvents = ledgerEventsOf("card:" + cardId, 3);
        assertThat(cardEvents).extracting(e -> e.get("type").asText())
                .containsExactly("CardRegistered", "CardNotificationRecorded", "CardNotificationRecorded");
        // The publisher embeds the stored JSON without deserializing it: it must be exactly the event as JSON.
        assertPublishedAsStored("wallet:" + walletId, walletEvents, "Wallet");
        assertPublishedAsStored("card:" + cardId, cardEvents, "Card");
    }

    private void assertPublishedAsStored(String aggregateId, List<JsonNode> published, String aggregateType) throws Exception {
        List<? extends DomainEventMessage<?>> stored = eventStore.readEvents(aggregateId).asStream().toList();
        assertThat(published).hasSameSizeAs(stored);
        for (int i = 0; i < stored.size(); i++) {
            DomainEventMessage<?> event = stored.get(i);
            JsonNode envelope = published.get(i);
            assertThat(envelope.get("eventId").asText()).isEqualTo(event.getIdentifier());
            assertThat(envelope.get("aggregateType").asText()).isEqualTo(aggregateType);
            assertThat(envelope.get("aggregateId").asText()).isEqualTo(aggregateId);
            assertThat(envelope.get("sequence").asLong()).isEqualTo(event.getSequenceNumber());
            assertThat(envelope.get("globalIndex").asLong()).isPositive();
            assertThat(envelope.get("type").asText()).isEqualTo(event.getPayloadType().getSimpleName());
            // As a consumer reads it: serialized, then parsed (number node types follow the text).
            assertThat(envelope.get("timestamp")).isEqualTo(json.readTree(json.writeValueAsBytes(event.getTimestamp())));
            assertThat(envelope.get("payload")).isEqualTo(json.readTree(json.writeValueAsBytes(event.getPayload())));
        }
    }

    @Test
    void redeliveryAfterACrashBetweenTheEventStoreCommitAndTheOffsetCommitMovesMoneyOnce() throws Exception {
        // given a wallet with a card, and the ledger's consumer stopped (the process is "down")
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        ledger.payIn("pi-" + suffix, walletId, 10_000, "USD", "top-up");
        var container = listeners.getListenerContainer("ledger-raw-notifications");
        container.stop();
        try {
            RawNotification auth = Notifications.of("PeticionAutorizacion", cardId).amount(2500).c11("000000001").raw();
            RawNotification confirm = Notifications.of("TransaccionConfirmada", cardId).amount(2500).c11("000000001").raw();
            publish(auth);
            publish(confirm);

            // when the batch was applied and committed to the event store, and the process died
            // before Kafka's offsets were committed (nothing consumed them through the group)
            ledger.recordNotifications(List.of(auth, confirm));
            assertThat(ledger.wallet(walletId).availableMinor()).isEqualTo(7500);
        } finally {
            // the restarted consumer receives both records again
            container.start();
        }

        // then the redelivered records change nothing: the money moved once
        long marker = 1;
        publish(Notifications.of("PeticionAutorizacion", cardId).amount(marker).c11("000000002").raw());
        awaitBalance(7500 - marker, marker);
    }

    /**
     * Three consumer threads (cardledger.ledger.concurrency, 3 by default) share the raw topic's
     * partitions, and a wallet's cards hash to any of them: the threads then move the same wallets,
     * in different orders, each holding its wallets' locks until its poll commits. Whatever waits,
     * deadlocks and retries that causes, every notification must move the money exactly once.
     */
    @Test
    void walletsWhoseCardsAreSpreadOverThePartitionsEndWithExactBalances() throws Exception {
        // given two wallets with eight cards each, keyed onto every partition
        List<String> wallets = List.of("wa-" + suffix, "wb-" + suffix);
        Map<String, List<String>> cards = new java.util.LinkedHashMap<>();
        for (String wallet : wallets) {
            ledger.registerWallet(wallet, "u-" + wallet, "USD", 0);
            ledger.payIn("pi-" + wallet, wallet, 1_000_000, "USD", "top-up");
            for (int c = 0; c < 8; c++) {
                String card = wallet + "-card-" + c;
                ledger.registerCard(card, wallet, "u-" + wallet, "prepaid", false);
                cards.computeIfAbsent(wallet, w -> new ArrayList<>()).add(card);
            }
        }

        // when 800 authorizations alternate between the wallets' cards
        List<java.util.concurrent.CompletableFuture<?>> sends = new ArrayList<>();
        long[] expectedSpent = new long[2];
        for (int i = 0; i < 400; i++) {
            for (int w = 0; w < 2; w++) {
                String card = cards.get(wallets.get(w)).get((i * 3 + w) % 8);
                long amount = 100 + i;
                String c11 = String.format("%09d", i * 2 + w);
                RawNotification raw = Notifications.of("PeticionAutorizacion", card).amount(amount).c11(c11).raw();
                sends.add(kafka.send(Topics.RAW_NOTIFICATIONS, card, json.writeValueAsBytes(raw)));
                expectedSpent[w] += amount;
            }
        }
        java.util.concurrent.CompletableFuture.allOf(sends.toArray(java.util.concurrent.CompletableFuture[]::new)).get();

        // then each wallet holds exactly the sum of its authorizations
        assertThat(listeners.getListenerContainer("ledger-raw-notifications")).extracting("concurrency").isEqualTo(3);
        for (int w = 0; w < 2; w++) {
            String wallet = wallets.get(w);
            long spent = expectedSpent[w];
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.wallet(wallet), state -> state.withheldMinor() == spent);
            WalletState state = ledger.wallet(wallet);
            assertThat(state.availableMinor()).as(wallet).isEqualTo(1_000_000 - spent);
            assertThat(state.withheldMinor()).as(wallet).isEqualTo(spent);
        }
    }

    private List<JsonNode> ledgerEventsOf(String aggregateId, int atLeast) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : ledgerRecordsOf(aggregateId, atLeast)) {
            JsonNode envelope = json.readTree(r.value());
            assertCloudEventHeaders(r, envelope);
            found.add(envelope);
        }
        return found;
    }

    private static List<ConsumerRecord<String, byte[]>> ledgerRecordsOf(String aggregateId, int atLeast) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.LEDGER_EVENTS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (aggregateId.equals(r.key())) {
                        found.add(r);
                    }
                }
                return found.size() >= atLeast;
            });
        }
        return found;
    }

    @Test
    void eachNotificationsTraceparentReachesItsOwnEventsAndTheirLedgerEventsRecordsWithANewParentId() throws Exception {
        // given: a wallet and card set up over the API (no trace), and three notifications applied in one poll at most
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        ledger.payIn("pi-" + suffix, walletId, 10_000, "USD", "top-up");
        String first = "00-" + hex(32) + "-" + hex(16) + "-01";
        String second = "00-" + hex(32) + "-" + hex(16) + "-00";
        listeners.getListenerContainer("ledger-raw-notifications").stop();
        try {
            publishTraced(Notifications.of("PeticionAutorizacion", cardId).amount(100).c11("000000001").raw(), first);
            publishTraced(Notifications.of("PeticionAutorizacion", cardId).amount(200).c11("000000002").raw(), second);
            // A foreign producer's malformed header is not propagated.
            publishTraced(Notifications.of("PeticionAutorizacion", cardId).amount(300).c11("000000003").raw(), "00-garbage");
        } finally {
            listeners.getListenerContainer("ledger-raw-notifications").start();
        }

        // then: the events store the incoming value as metadata, each its own notification's
        awaitBalance(9_400, 600);
        List<? extends DomainEventMessage<?>> cardEvents = eventStore.readEvents("card:" + cardId).asStream().toList();
        assertThat(cardEvents).extracting(e -> e.getMetaData().get("traceparent")).containsExactly(null, first, second, null);
        List<? extends DomainEventMessage<?>> walletEvents = eventStore.readEvents("wallet:" + walletId).asStream().toList();
        assertThat(walletEvents).extracting(e -> e.getMetaData().get("traceparent"))
                .containsExactly(null, null, first, second, null);

        // and the ledger-events records carry the same trace with a parent id of the outbox's
        List<ConsumerRecord<String, byte[]>> walletRecords = ledgerRecordsOf("wallet:" + walletId, 5);
        assertThat(walletRecords).extracting(LedgerPipelineIT::traceparentOf).satisfiesExactly(
                none -> assertThat(none).isNull(),
                none -> assertThat(none).isNull(),
                child -> assertChild(child, first),
                child -> assertChild(child, second),
                none -> assertThat(none).isNull());
        assertThat(ledgerRecordsOf("card:" + cardId, 4)).extracting(LedgerPipelineIT::traceparentOf).satisfiesExactly(
                none -> assertThat(none).isNull(),
                child -> assertChild(child, first),
                child -> assertChild(child, second),
                none -> assertThat(none).isNull());
    }

    private void publishTraced(RawNotification raw, String traceparent) throws Exception {
        org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record = new org.apache.kafka.clients.producer.ProducerRecord<>(
                Topics.RAW_NOTIFICATIONS, raw.notification().cardId(), json.writeValueAsBytes(raw));
        record.headers().add("traceparent", traceparent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        kafka.send(record).get();
    }

    private static String traceparentOf(ConsumerRecord<String, byte[]> record) {
        org.apache.kafka.common.header.Header h = record.headers().lastHeader("traceparent");
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** W3C: same version, trace id and flags; a parent id of its own. */
    private static void assertChild(String child, String parent) {
        assertThat(child).hasSize(55).startsWith(parent.substring(0, 36)).endsWith(parent.substring(52))
                .isNotEqualTo(parent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    }

    private static String hex(int length) {
        StringBuilder out = new StringBuilder(length);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        while (out.length() < length) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    /** CloudEvents 1.0, Kafka binary mode: the attributes as ce_* headers, consistent with the envelope. */
    private static void assertCloudEventHeaders(ConsumerRecord<String, byte[]> record, JsonNode envelope) {
        Map<String, String> headers = new java.util.HashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", envelope.get("aggregateId").asText() + "/" + envelope.get("sequence").asLong())
                .containsEntry("ce_type", "io.cardledger.ledger." + envelope.get("type").asText())
                .containsEntry("ce_source", "/card-ledger/ledger-service")
                .containsEntry("ce_subject", record.key())
                .containsEntry("ce_time", envelope.get("timestamp").asText())
                .containsEntry("content-type", "application/json");
    }
}
