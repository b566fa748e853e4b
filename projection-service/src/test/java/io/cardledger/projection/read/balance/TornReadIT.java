package io.cardledger.projection.read.balance;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionITBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Money moves between available and withheld while readers poll: every movement keeps
 * available + withheld == 1,000,000, so any read mixing two moments breaks the sum. Reads are
 * answered from the in-memory copy or the database, whichever may answer at that moment; a reader
 * must never see the balance go back to an older event either.
 */
class TornReadIT extends ProjectionITBase {
    private static final long TOTAL = 1_000_000;
    private static final int MOVEMENTS = 2_000;

    @Test
    void aBalanceReadWhileEventsStreamInIsNeverTorn() throws Exception {
        // given 2,000 movements whose balances all sum to the same total
        WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
        List<LedgerEventEnvelope> events = new ArrayList<>();
        events.add(wallet.registered(uniqueId("u")));
        events.add(wallet.payInWithBalance(uniqueId("op"), TOTAL, TOTAL, 0));
        for (int i = 1; i < MOVEMENTS; i++) {
            long withheld = (i * 7_919L) % TOTAL;
            events.add(wallet.payInWithBalance(uniqueId("op"), 0, TOTAL - withheld, withheld));
        }
        long lastSequence = events.get(events.size() - 1).sequence();
        publish(events.get(0), events.get(1));
        await().atMost(PROJECTED).until(() -> get("/api/v1/wallets/" + wallet.walletId).getStatusCode().is2xxSuccessful());

        // when they stream in at ~2,000/s while two readers poll the API
        List<String> torn = new CopyOnWriteArrayList<>();
        List<String> backwards = new CopyOnWriteArrayList<>();
        Set<Long> sequencesSeen = ConcurrentHashMap.newKeySet();
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        List<Future<?>> readerResults = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readerResults.add(readers.submit(() -> {
                long previous = -1;
                while (!done.get()) {
                    ResponseEntity<JsonNode> response = get("/api/v1/wallets/" + wallet.walletId);
                    JsonNode b = response.getBody();
                    reads.incrementAndGet();
                    long available = b.get("available").asLong();
                    long withheld = b.get("withheld").asLong();
                    if (available + withheld != TOTAL || b.get("total").asLong() != TOTAL) {
                        torn.add(b.toString());
                    }
                    long seq = b.get("lastSequence").asLong();
                    if (seq < previous) {
                        backwards.add(previous + " then " + seq);
                    }
                    previous = seq;
                    sequencesSeen.add(seq);
                    if (seq == lastSequence) {
                        done.set(true);
                    }
                }
                return null;
            }));
        }
        ScheduledExecutorService streamer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger(2);
        streamer.scheduleAtFixedRate(() -> {
            int from = next.getAndAdd(50);
            if (from < events.size()) {
                publish(events.subList(from, Math.min(from + 50, events.size())).toArray(LedgerEventEnvelope[]::new));
            }
        }, 0, 25, TimeUnit.MILLISECONDS);

        try {
            // done, or a reader stopped early (it threw: reported below)
            await().atMost(PROJECTED).until(() -> done.get() || readerResults.stream().anyMatch(Future::isDone));
        } finally {
            done.set(true);
            streamer.shutdownNow();
            readers.shutdown();
        }
        // a reader that failed (an error status, a missing field) must fail the test, not vanish with its thread
        for (Future<?> reader : readerResults) {
            reader.get(10, TimeUnit.SECONDS);
        }

        // then no read was torn, and the readers really did see the balance move
        assertThat(torn).isEmpty();
        assertThat(backwards).as("a reader never sees an older balance after a newer one").isEmpty();
        assertThat(sequencesSeen).as("distinct balances observed mid-stream").hasSizeGreaterThan(3);
        assertThat(reads.get()).isGreaterThan(50);
        JsonNode last = get("/api/v1/wallets/" + wallet.walletId).getBody();
        long expectedWithheld = ((MOVEMENTS - 1) * 7_919L) % TOTAL;
        assertThat(last.get("withheld").asLong()).isEqualTo(expectedWithheld);
        assertThat(last.get("available").asLong()).isEqualTo(TOTAL - expectedWithheld);
        assertThat(Instant.parse(last.get("lastEventAt").asText())).isBefore(Instant.now().plusSeconds(1));
    }
}
