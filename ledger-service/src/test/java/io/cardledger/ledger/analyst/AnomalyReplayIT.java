package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.ledger.analyst.AnomalyProjection.Replay;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.support.Notifications;
import io.cardledger.testing.SharedInfra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The anomalies projection shares the outbox's processor (ADR 0006): rebuilding it, or catching it up,
 * is a replay of that processor, which must restore the same rows and publish nothing twice. Its own
 * database, so that no other test's context holds the processor's token; and no raw-notification consumer
 * (it would join the other contexts' consumer group and apply their notifications to this database).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AnomalyReplayIT {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        SharedInfra.get().springProperties("ledger_anomaly_replay").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("cardledger.ledger.consume", () -> "false");
    }

    @Autowired
    LedgerOperations ledger;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AnomalyReplay replay;
    @Autowired
    ObjectMapper json;
    @Autowired
    TokenStore tokens;
    @Autowired
    PlatformTransactionManager transactions;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String walletId = "w-" + suffix;
    private final String cardId = "c-" + suffix;
    private final String unregisteredCard = "c-never-" + suffix;

    private List<Map<String, Object>> rows() {
        return jdbc.queryForList("SELECT * FROM analyst_anomaly WHERE card_id IN (?, ?) ORDER BY kind, anomaly_key",
                cardId, unregisteredCard);
    }

    /** The notification index's rows of this test's cards (V10: filled by the same rebuild). */
    private List<Map<String, Object>> indexed() {
        return jdbc.queryForList("SELECT * FROM notification_index WHERE card_id IN (?, ?) ORDER BY id_hash, card_id, c11",
                cardId, unregisteredCard);
    }

    private long head() {
        return jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
    }

    /**
     * Waits until the shared processor has handled every stored event (a replay's token stays a replay token
     * until an event after the point of reset arrives; its position is the replay's).
     */
    private void caughtUp() {
        long head = head();
        await().atMost(Duration.ofSeconds(60)).until(() -> new TransactionTemplate(transactions).execute(s -> {
            var token = tokens.fetchToken("ledger-publisher", 0);
            return token != null && token.position().orElse(-1) >= head;
        }));
    }

    /** Every event id published so far for this test's cards and wallet (keys "card:…", "wallet:…"; the topic read to its end). */
    private List<String> published() throws Exception {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEDGER_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().endsWith(suffix)) {
                        ids.add(json.readTree(r.value()).get("eventId").asText());
                    }
                }
            }
        }
        return ids;
    }

    private void anomaliesPlanted() {
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        ledger.payIn("pi-" + suffix, walletId, 10_000, "USD", "top-up");
        ledger.recordNotifications(List.of(
                Notifications.of("ComunicacionAnulacion", cardId).amount(100).c11("000000001").raw(),
                Notifications.of("PeticionAutorizacion", cardId).amount(200).c11("000000002").raw(),
                Notifications.of("PeticionAutorizacion", cardId).amount(300).c11("000000003").raw(),
                Notifications.of("TransaccionConfirmada", cardId).amount(300).c11("000000003").raw(),
                Notifications.of("SomethingNew", cardId).amount(5).raw(),
                Notifications.of("PeticionAutorizacion", cardId).amount(450).raw(),
                Notifications.of("PeticionAutorizacion", unregisteredCard).amount(777).c11("000000004").raw()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows()).extracting(r -> r.get("kind"))
                .containsExactly("AWAITING_CARD", "OPEN_HOLD", "REVERSAL_PARKED", "UNMATCHABLE_HOLD", "UNRECOGNISED_TYPE"));
        caughtUp();
    }

    @Test
    void aRebuildFromScratchRestoresTheSameRowsAndPublishesNothingTwice() throws Exception {
        anomaliesPlanted();
        List<Map<String, Object>> before = rows();
        List<Map<String, Object>> indexedBefore = indexed();
        assertThat(indexedBefore).hasSize(7);
        List<String> publishedBefore = published();
        assertThat(publishedBefore).doesNotHaveDuplicates().isNotEmpty();

        // when: the tables are lost and a rebuild is asked for, as an operator would (or V7, V10 on an old ledger)
        jdbc.update("DELETE FROM analyst_anomaly");
        jdbc.update("INSERT INTO analyst_anomaly_replay (id, after_index) VALUES (1, -1)");
        replay.replayIfAsked();

        // then
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rows()).isEqualTo(before));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(indexed()).isEqualTo(indexedBefore));
        caughtUp();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM analyst_anomaly_replay", Long.class)).isZero();
        assertThat(published()).containsExactlyInAnyOrderElementsOf(publishedBefore);

        // and the processor carries on with both: a new event is published once and projected
        ledger.recordNotifications(List.of(Notifications.of("TransaccionConfirmada", cardId).amount(200).c11("000000002").raw()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows()).extracting(r -> r.get("kind"))
                .containsExactly("AWAITING_CARD", "REVERSAL_PARKED", "UNMATCHABLE_HOLD", "UNRECOGNISED_TYPE"));
        caughtUp();
        List<String> after = published();
        assertThat(after).doesNotHaveDuplicates().containsAll(publishedBefore).hasSize(publishedBefore.size() + 2);
    }

    @Test
    void aCatchUpAppliesOnlyTheEventsAfterItsStartAndIsSkippedWhenTheTableIsNotBehind() throws Exception {
        anomaliesPlanted();
        long upToHere = head();
        // A row the catch-up must not touch (it reflects an event at or before its start) ...
        jdbc.update("UPDATE analyst_anomaly SET detail = 'kept' WHERE card_id = ? AND kind = 'UNRECOGNISED_TYPE'", cardId);
        ledger.recordNotifications(List.of(
                Notifications.of("TransaccionConfirmada", cardId).amount(200).c11("000000002").raw(),
                Notifications.of("AnotherNewType", cardId).amount(6).raw()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rows()).filteredOn(r -> r.get("kind").equals("UNRECOGNISED_TYPE")).hasSize(2));
        caughtUp();
        List<Map<String, Object>> before = rows();
        List<String> publishedBefore = published();
        // ... and the changes of the events after it, lost: the open hold is back, the second new type gone.
        jdbc.update("DELETE FROM analyst_anomaly WHERE card_id = ? AND kind = 'UNRECOGNISED_TYPE' AND detail IS DISTINCT FROM 'kept'", cardId);
        jdbc.update("INSERT INTO analyst_anomaly (kind, anomaly_key, card_id, occurred_at, global_index) VALUES ('OPEN_HOLD', ?, ?, now(), 0)",
                cardId + "\u001F000000002", cardId);

        assertThat(replay.replay(Replay.CATCH_UP, upToHere)).isTrue();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rows()).isEqualTo(before));
        caughtUp();
        assertThat(rows()).filteredOn(r -> "kept".equals(r.get("detail"))).hasSize(1);
        assertThat(published()).containsExactlyInAnyOrderElementsOf(publishedBefore);

        assertThat(replay.replay(Replay.CATCH_UP, head())).as("nothing to catch up").isFalse();
    }
}
