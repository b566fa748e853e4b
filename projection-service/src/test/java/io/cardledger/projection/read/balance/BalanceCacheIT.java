package io.cardledger.projection.read.balance;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionITBase;
import io.cardledger.projection.ProjectionServiceApplication;
import io.cardledger.testing.SharedInfra;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.RequestEntity;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestTemplate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The in-memory balance copy ({@link BalanceCache}) against the real broker and database: it holds
 * what readers read, follows every committed change whichever instance committed it, and starts over
 * when a rebuild replaces the tables.
 */
class BalanceCacheIT extends ProjectionITBase {
    private static final int PARTITIONS = 4;

    @Autowired
    BalanceCache cache;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    TransactionTemplate transactions;

    private WalletStream projected() {
        WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
        publish(wallet.registered(uniqueId("u")), wallet.payIn(uniqueId("op"), 1_000, Instant.now()));
        await().atMost(PROJECTED).until(() -> {
            var r = get("/api/v1/wallets/" + wallet.walletId);
            return r.getStatusCode().is2xxSuccessful() && r.getBody().get("lastSequence").asLong() == 1;
        });
        return wallet;
    }

    @Test
    void aReadBalanceIsHeldAndFollowsTheWalletsEvents() {
        // given a wallet read once
        WalletStream wallet = projected();
        assertThat(cache.held(wallet.walletId)).as("held after a read").isNotNull();

        // when it moves
        publish(wallet.payIn(uniqueId("op"), 250, Instant.now()));

        // then what is held follows, and equals the database's row
        await().atMost(PROJECTED).until(() -> cache.held(wallet.walletId).lastSequence() == 2);
        WalletBalanceView held = cache.held(wallet.walletId);
        assertThat(held.available()).isEqualTo(1_250);
        assertThat(held).isEqualTo(queryDatabase(wallet.walletId));
        assertThat(get("/api/v1/wallets/" + wallet.walletId).getBody().get("available").asLong()).isEqualTo(1_250);
    }

    @Test
    void aChangeCommittedByAnotherWriterReachesTheCopy() {
        // given a wallet held in memory
        WalletStream wallet = projected();
        assertThat(cache.held(wallet.walletId)).isNotNull();

        try {
            // when another writer (another instance, say) changes its row and commits with the notification
            transactions.executeWithoutResult(tx -> {
                jdbc.update("UPDATE wallet_balance SET available_minor = 777, last_sequence = 5 WHERE wallet_id = ?", wallet.walletId);
                BalanceNotifications.rowsWritten(jdbc, List.of(wallet.walletId));
            });

            // then this instance answers the committed row
            await().atMost(PROJECTED).until(() -> get("/api/v1/wallets/" + wallet.walletId).getBody().get("available").asLong() == 777);
            assertThat(cache.held(wallet.walletId)).isEqualTo(queryDatabase(wallet.walletId));
        } finally {
            restore(wallet.walletId, 1_000, 1);
        }
    }

    /**
     * Puts back the row the wallet's events give (RebuildIT compares the live tables with a replay of
     * the topic), and empties the copies: the sequence goes back, which no notification may do.
     */
    private void restore(String walletId, long available, long sequence) {
        transactions.executeWithoutResult(tx -> {
            jdbc.update("UPDATE wallet_balance SET available_minor = ?, last_sequence = ? WHERE wallet_id = ?", available, sequence,
                    walletId);
            BalanceNotifications.everyRowReplaced(jdbc);
        });
    }

    @Test
    void aNotificationInARolledBackTransactionChangesNothing() {
        // given a wallet held in memory
        WalletStream wallet = projected();
        WalletBalanceView before = cache.held(wallet.walletId);

        // when a writer notifies and then rolls back
        transactions.executeWithoutResult(tx -> {
            jdbc.update("UPDATE wallet_balance SET available_minor = 5, last_sequence = 9 WHERE wallet_id = ?", wallet.walletId);
            BalanceNotifications.rowsWritten(jdbc, List.of(wallet.walletId));
            tx.setRollbackOnly();
        });
        // and a later commit on another wallet shows the feed has passed that point
        WalletStream other = projected();
        try {
            transactions.executeWithoutResult(tx -> {
                jdbc.update("UPDATE wallet_balance SET available_minor = 6 WHERE wallet_id = ?", other.walletId);
                BalanceNotifications.rowsWritten(jdbc, List.of(other.walletId));
            });
            await().atMost(PROJECTED).until(() -> cache.held(other.walletId) != null && cache.held(other.walletId).available() == 6);

            // then
            assertThat(cache.held(wallet.walletId)).isEqualTo(before);
            assertThat(get("/api/v1/wallets/" + wallet.walletId).getBody().get("available").asLong()).isEqualTo(1_000);
        } finally {
            restore(other.walletId, 1_000, 1);
        }
    }

    @Test
    void aRebuildsSwitchOverEmptiesTheCopy() {
        // given a wallet held in memory, and its row replaced without a per-row notification (as a switch-over does)
        WalletStream wallet = projected();
        assertThat(cache.held(wallet.walletId)).isNotNull();
        jdbc.update("UPDATE wallet_balance SET available_minor = 4242 WHERE wallet_id = ?", wallet.walletId);
        try {
            // when the switch-over's notification commits
            transactions.executeWithoutResult(tx -> BalanceNotifications.everyRowReplaced(jdbc));

            // then nothing from before is held, and reads answer the new table's row
            await().atMost(PROJECTED).until(() -> cache.held(wallet.walletId) == null);
            assertThat(get("/api/v1/wallets/" + wallet.walletId).getBody().get("available").asLong()).isEqualTo(4242);
        } finally {
            restore(wallet.walletId, 1_000, 1);
        }
    }

    /**
     * Scale-out (DESIGN.md section 6): two instances share the consumer group, so each applies the
     * events of its own partitions only. Both must still answer every wallet's newest balance.
     */
    @Test
    void withTwoInstancesInTheGroupEachAnswersWhatTheOtherApplied() {
        try (ConfigurableApplicationContext second = secondInstance()) {
            KafkaListenerEndpointRegistry secondListeners = second.getBean(KafkaListenerEndpointRegistry.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<Integer> mine = assigned(listeners);
                Set<Integer> theirs = assigned(secondListeners);
                return !mine.isEmpty() && !theirs.isEmpty() && mine.size() + theirs.size() == PARTITIONS;
            });
            Set<Integer> secondsPartitions = assigned(secondListeners);
            String secondBase = "http://localhost:" + second.getEnvironment().getProperty("local.server.port");

            // given a wallet on every partition, each read on both instances (so both hold it)
            List<WalletStream> wallets = walletsOnEveryPartition();
            wallets.forEach(w -> publish(w.registered(uniqueId("u")), w.payIn(uniqueId("op"), 100, Instant.now())));
            for (WalletStream w : wallets) {
                await().atMost(PROJECTED).until(() -> sequence(get("/api/v1/wallets/" + w.walletId).getBody()) == 1
                        && sequence(secondGet(secondBase, w.walletId)) == 1);
            }
            assertThat(wallets).anySatisfy(w -> assertThat(secondsPartitions).contains(partition(w.walletId)));
            assertThat(wallets).anySatisfy(w -> assertThat(secondsPartitions).doesNotContain(partition(w.walletId)));
            BalanceCache secondCache = second.getBean(BalanceCache.class);
            wallets.forEach(w -> assertThat(secondCache.held(w.walletId)).as("second instance holds %s", w.walletId).isNotNull());

            // when every wallet moves again
            wallets.forEach(w -> publish(w.payIn(uniqueId("op"), 23, Instant.now())));

            // then both instances answer every wallet's new balance, whichever of them applied it
            for (WalletStream w : wallets) {
                await().atMost(PROJECTED).until(() -> {
                    JsonNode here = get("/api/v1/wallets/" + w.walletId).getBody();
                    JsonNode there = secondGet(secondBase, w.walletId);
                    return sequence(here) == 2 && sequence(there) == 2;
                });
                assertThat(get("/api/v1/wallets/" + w.walletId).getBody().get("available").asLong()).isEqualTo(123);
                assertThat(secondGet(secondBase, w.walletId).get("available").asLong()).isEqualTo(123);
            }
        }
        // the first instance gets every partition back
        await().atMost(Duration.ofSeconds(60)).until(() -> assigned(listeners).size() == PARTITIONS);
    }

    /** The row as the database has it, read past the copy. */
    private WalletBalanceView queryDatabase(String walletId) {
        return new WalletBalanceQuery(jdbc, new BalanceCache(1, 0)).read(walletId).orElseThrow();
    }

    private static long sequence(JsonNode body) {
        return body == null || body.get("lastSequence") == null ? -1 : body.get("lastSequence").asLong();
    }

    private JsonNode secondGet(String base, String walletId) {
        RestTemplate rest = new RestTemplate();
        rest.setErrorHandler(response -> false);
        return rest.exchange(RequestEntity.get(URI.create(base + "/api/v1/wallets/" + walletId))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE_TOKEN).build(), JsonNode.class).getBody();
    }

    private static Set<Integer> assigned(KafkaListenerEndpointRegistry registry) {
        Set<Integer> partitions = new HashSet<>();
        MessageListenerContainer container = registry.getListenerContainer("ledger-events");
        Collection<TopicPartition> assigned = container == null ? null : container.getAssignedPartitions();
        if (assigned != null) {
            assigned.forEach(tp -> partitions.add(tp.partition()));
        }
        return partitions;
    }

    /** The producer's default partitioner for a record keyed by the wallet id, as the ledger publishes. */
    private static int partition(String walletId) {
        return Utils.toPositive(Utils.murmur2(walletId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static List<WalletStream> walletsOnEveryPartition() {
        Map<Integer, WalletStream> byPartition = new HashMap<>();
        while (byPartition.size() < PARTITIONS) {
            String id = uniqueId("w");
            byPartition.putIfAbsent(partition(id), new WalletStream(id, "EUR"));
        }
        return new ArrayList<>(byPartition.values());
    }

    private static ConfigurableApplicationContext secondInstance() {
        Map<String, String> props = new HashMap<>(SharedInfra.get().springProperties("projection"));
        props.put("spring.datasource.url", SharedInfra.get().jdbcUrl("projection") + "?reWriteBatchedInserts=true");
        props.put("server.port", "0");
        props.put("cardledger.security.service-token", SERVICE_TOKEN);
        props.put("cardledger.security.analyst-token", ANALYST_TOKEN);
        props.put("spring.main.banner-mode", "off");
        props.put("cardledger.projection.warm-up.requests", "0");
        // Same group as the first instance; the schema is already migrated.
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(ProjectionServiceApplication.class).run(args);
    }
}
