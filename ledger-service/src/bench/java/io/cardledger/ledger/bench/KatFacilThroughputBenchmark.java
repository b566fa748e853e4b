package io.cardledger.ledger.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cardledger.events.katfacil.AmountReading;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.ledger.application.KatFacilOperations;
import io.cardledger.testing.SharedInfra;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * KatFacil events applied by the ledger ({@code KatFacilOperations.record}, one unit of work and one
 * transaction per batch, as the KatFacil consumer applies a poll), against a real PostgreSQL event store
 * ({@code fsync} on) with the outbox publishing to the real in-process broker meanwhile.
 *
 * <p>Usage: {@code KatFacilThroughputBenchmark [events=200000] [cards=1000] [batch=500] [warm-up=events/2]}.
 * Setup (not measured): a newcard and a funding per card. Then a mix per card: 70 % completed transactions,
 * 10 % declined, 20 % fundings; every tenth card blocked through the card controls (so its money is checked
 * and flagged). Prints events/s and the CPU per event of this JVM (ledger, outbox and broker) and PostgreSQL.
 */
public final class KatFacilThroughputBenchmark {
    private KatFacilThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int cards = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : events / 2;
        System.setProperty("cardledger.test.pg.durable", "true");
        System.setProperty("cardledger.test.pg.shared-buffers", System.getProperty("cardledger.test.pg.shared-buffers", "1GB"));
        SharedInfra infra = SharedInfra.get();
        Map<String, Object> props = BenchLedger.properties(infra, "bench_katfacil");
        java.util.regex.Matcher port = java.util.regex.Pattern.compile(":(\\d+)/").matcher((String) props.get("spring.datasource.url"));
        int pgPort = port.find() ? Integer.parseInt(port.group(1)) : -1;
        try (ConfigurableApplicationContext app = BenchLedger.start(props)) {
            KatFacilOperations katFacil = app.getBean(KatFacilOperations.class);
            io.cardledger.ledger.application.CardAndCreditOperations controls =
                    app.getBean(io.cardledger.ledger.application.CardAndCreditOperations.class);

            long t0 = System.nanoTime();
            List<RawKatFacilEvent> setup = new ArrayList<>();
            for (int c = 0; c < cards; c++) {
                setup.add(event(KatFacilEventKind.NEW_CARD, "digitalcard.newcard", c, "n-" + c, null, 0, null, null));
                setup.add(event(KatFacilEventKind.FUNDED, "digitalcard.funded", c, "f0-" + c, "approved", 100_000_000, null, "fund0-" + c));
                if (setup.size() >= batch) {
                    katFacil.record(setup);
                    setup.clear();
                }
            }
            katFacil.record(setup);
            for (int c = 0; c < cards; c += 10) {
                controls.block(cardId(c));
            }
            System.out.printf("setup: %d KatFacil cards registered and funded in %.1f s%n", cards, (System.nanoTime() - t0) / 1e9);

            Random random = new Random(42);
            int done = 0;
            long start = 0;
            long jvm0 = 0;
            long pg0 = 0;
            List<RawKatFacilEvent> poll = new ArrayList<>(batch);
            while (done < warmup + events) {
                if (done == warmup) {
                    start = System.nanoTime();
                    jvm0 = LedgerThroughputBenchmark.jvmCpuNanos();
                    pg0 = LedgerThroughputBenchmark.pgCpuNanos(pgPort);
                }
                poll.clear();
                for (int i = 0; i < batch; i++, done++) {
                    int c = random.nextInt(cards);
                    int kind = random.nextInt(10);
                    String id = "e" + done;
                    poll.add(kind < 7 ? event(KatFacilEventKind.TRANSACTION, "digitalcard.transaction", c, id, "completed",
                            100 + random.nextInt(5_000), "tx-" + id, null)
                            : kind < 8 ? event(KatFacilEventKind.TRANSACTION, "digitalcard.transaction", c, id, "declined",
                            100 + random.nextInt(5_000), "tx-" + id, null)
                            : event(KatFacilEventKind.FUNDED, "digitalcard.funded", c, id, "approved", 1_000 + random.nextInt(50_000),
                            null, "fund-" + id));
                }
                katFacil.record(poll);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double jvmUs = (LedgerThroughputBenchmark.jvmCpuNanos() - jvm0) / 1e3 / events;
            double pgUs = (LedgerThroughputBenchmark.pgCpuNanos(pgPort) - pg0) / 1e3 / events;
            System.out.printf("katfacil: %d events (after %d warm-up) in batches of %d applied in %.2f s = %d events/s;"
                            + " cpu %.0f + %.0f = %.0f us/event (JVM + PostgreSQL)%n", events, warmup, batch, seconds,
                    Math.round(events / seconds), jvmUs, pgUs, jvmUs + pgUs);
        }
        System.exit(0);
    }

    private static String cardId(int c) {
        return "kbc-" + c;
    }

    private static RawKatFacilEvent event(KatFacilEventKind kind, String name, int card, String eventId, String status, long minor,
                                          String transactionId, String fundingId) {
        KatFacilEvent e = new KatFacilEvent(name, kind, eventId, cardId(card), "u-" + card, null,
                minor == 0 ? null : Long.toString(minor), minor, minor == 0 ? AmountReading.ABSENT : AmountReading.EXACT, "USD",
                status, transactionId, fundingId, "Shop", Instant.now());
        return new RawKatFacilEvent(RawKatFacilEvent.SCHEMA_VERSION, RawKatFacilEvent.keyOf(eventId, null), Instant.now(), e,
                JsonNodeFactory.instance.objectNode().put("event", name));
    }
}
