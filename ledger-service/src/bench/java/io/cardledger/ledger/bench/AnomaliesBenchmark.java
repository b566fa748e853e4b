package io.cardledger.ledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.analyst.AnomalyKind;
import io.cardledger.ledger.analyst.AnomalyProjectionProbe;
import io.cardledger.ledger.analyst.AnomalyQueries;
import io.cardledger.ledger.support.Notifications;
import io.cardledger.testing.SharedInfra;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The anomalies report on the projection a ledger of {@code events} events leaves behind.
 *
 * <p>Load: {@code analyst_anomaly} is filled with {@code COPY} with the rows such a ledger's events
 * raise (two events per notification; per notification 1 % open holds, 2 % settled-amount
 * differences, 1 % negative available, 0.5 % modified twice, 0.5 % awaiting a card, 0.2 % parked
 * reversals, 0.2 % unrecognised types, 0.1 % unreadable amounts, 0.1 % empty-c11 holds: 5.6 % of
 * notifications, times {@code density}), spread over a year, 100,000 wallets with two cards each,
 * and {@code parked} parked records. The event store itself is not loaded: the report never reads it.
 *
 * <p>Measured: each query shape through {@link AnomalyQueries} on the analyst pool (a page of 100 and
 * the counts per kind under the same filters), first call and then {@code runs} calls (p50/p95/max);
 * and, separately, the projection's own CPU per stored event (reading the fields it needs from a
 * CardNotificationRecorded's stored JSON and deciding its changes), on one thread.
 *
 * <p>Usage: {@code bench/analyst-anomalies.sh [events] [density] [runs]}.
 */
public final class AnomaliesBenchmark {
    private static final int WALLETS = 100_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        long events = Long.parseLong(opts.getOrDefault("events", "10000000"));
        double density = Double.parseDouble(opts.getOrDefault("density", "1.0"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "30"));
        int parked = Integer.parseInt(opts.getOrDefault("parked", "10000"));
        System.setProperty("cardledger.test.pg.shared-buffers", System.getProperty("cardledger.test.pg.shared-buffers", "256MB"));

        SharedInfra infra = SharedInfra.get();
        Map<String, Object> props = BenchLedger.properties(infra, "bench_anomalies_" + UUID.randomUUID().toString().substring(0, 8));
        try (ConfigurableApplicationContext app = BenchLedger.start(props)) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            AnomalyQueries queries = app.getBean(AnomalyQueries.class);
            Instant now = Instant.now();

            System.out.printf("load average at start: %s%n", loadAverage());
            long notifications = events / 2;
            long t0 = System.nanoTime();
            long rows = load(app.getBean(DataSource.class), notifications, density, parked, now);
            jdbc.execute("ANALYZE analyst_anomaly");
            jdbc.execute("ANALYZE parked_record");
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("ledger of %,d events (%,d notifications): %,d anomaly rows and %,d parked records loaded with COPY in %.1f s;"
                    + " table + indexes %s%n", events, notifications, rows, parked, loadSeconds,
                    jdbc.queryForObject("SELECT pg_size_pretty(pg_total_relation_size('analyst_anomaly'))", String.class));

            Random random = new Random(7);
            String someCard = "c-" + random.nextInt(WALLETS * 2);
            String someWallet = "w-" + random.nextInt(WALLETS);
            Instant dayFrom = now.minus(100, ChronoUnit.DAYS);
            Map<String, Supplier<AnomalyQueries.AnomalyReport>> shapes = new java.util.LinkedHashMap<>();
            shapes.put("all kinds, no filter (first page + counts)", () -> queries.anomalies(filter(null, null, null, null, null, null)));
            shapes.put("kind=OPEN_HOLD older than 7 days", () -> queries.anomalies(filter(EnumSet.of(AnomalyKind.OPEN_HOLD), null, null, null, null, null)));
            shapes.put("kind=AWAITING_CARD", () -> queries.anomalies(filter(EnumSet.of(AnomalyKind.AWAITING_CARD), null, null, null, null, null)));
            shapes.put("kind=PARKED_RECORD", () -> queries.anomalies(filter(EnumSet.of(AnomalyKind.PARKED_RECORD), null, null, null, null, null)));
            shapes.put("cardId=" + someCard, () -> queries.anomalies(filter(null, null, someCard, null, null, null)));
            shapes.put("walletId=" + someWallet, () -> queries.anomalies(filter(null, someWallet, null, null, null, null)));
            shapes.put("one day (from/to)", () -> queries.anomalies(filter(null, null, null, dayFrom, dayFrom.plus(1, ChronoUnit.DAYS), null)));
            shapes.put("one day + kind=SETTLED_AMOUNT_DIFFERS,NEGATIVE_AVAILABLE", () -> queries.anomalies(filter(
                    EnumSet.of(AnomalyKind.SETTLED_AMOUNT_DIFFERS, AnomalyKind.NEGATIVE_AVAILABLE), null, null, dayFrom,
                    dayFrom.plus(1, ChronoUnit.DAYS), null)));
            AnomalyQueries.AnomalyReport first = queries.anomalies(filter(null, null, null, null, null, null));
            String page50 = first.next();
            for (int i = 0; i < 48 && page50 != null; i++) {
                page50 = queries.anomalies(filter(null, null, null, null, null, page50)).next();
            }
            String deep = page50;
            shapes.put("page 50 (cursor)", () -> queries.anomalies(filter(null, null, null, null, null, deep)));

            System.out.printf("%-62s %9s %9s %9s %9s %7s %12s%n", "query (page of 100 + counts per kind)", "first ms", "p50 ms",
                    "p95 ms", "max ms", "rows", "total found");
            double worst = 0;
            for (Map.Entry<String, Supplier<AnomalyQueries.AnomalyReport>> shape : shapes.entrySet()) {
                long s = System.nanoTime();
                AnomalyQueries.AnomalyReport report = shape.getValue().get();
                double firstMs = (System.nanoTime() - s) / 1e6;
                double[] times = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long r = System.nanoTime();
                    shape.getValue().get();
                    times[i] = (System.nanoTime() - r) / 1e6;
                }
                Arrays.sort(times);
                double max = Math.max(firstMs, times[runs - 1]);
                worst = Math.max(worst, max);
                System.out.printf("%-62s %9.1f %9.1f %9.1f %9.1f %7d %,12d%n", shape.getKey(), firstMs, times[runs / 2],
                        times[(int) Math.ceil(runs * 0.95) - 1], max, report.anomalies().size(),
                        report.counts().values().stream().mapToLong(Long::longValue).sum());
            }
            System.out.printf("slowest call of any shape: %.1f ms (target 2,000 ms); load average %s%n", worst, loadAverage());

            projectionCost(app.getBean(ObjectMapper.class));
        }
        Runtime.getRuntime().halt(0);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static AnomalyQueries.Filter filter(Set<AnomalyKind> kinds, String wallet, String card, Instant from, Instant to,
                                                String after) {
        return new AnomalyQueries.Filter(kinds, wallet, card, from, to, 7, 100, after);
    }

    private static final Object[][] MIX = {
            {AnomalyKind.OPEN_HOLD, 0.010}, {AnomalyKind.SETTLED_AMOUNT_DIFFERS, 0.020}, {AnomalyKind.NEGATIVE_AVAILABLE, 0.010},
            {AnomalyKind.MODIFIED_TWICE, 0.005}, {AnomalyKind.AWAITING_CARD, 0.005}, {AnomalyKind.REVERSAL_PARKED, 0.002},
            {AnomalyKind.UNRECOGNISED_TYPE, 0.002}, {AnomalyKind.UNREADABLE_AMOUNT, 0.001}, {AnomalyKind.UNMATCHABLE_HOLD, 0.001}};

    private static long load(DataSource dataSource, long notifications, double density, int parked, Instant now) throws Exception {
        Random random = new Random(42);
        long total = 0;
        long yearMillis = 365L * 24 * 3600 * 1000;
        try (Connection c = dataSource.getConnection()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (Object[] mix : MIX) {
                AnomalyKind kind = (AnomalyKind) mix[0];
                long n = Math.round(notifications * (double) mix[1] * density);
                StringBuilder chunk = new StringBuilder();
                for (long i = 0; i < n; i++) {
                    int wallet = random.nextInt(WALLETS);
                    String card = "c-" + (wallet * 2 + random.nextInt(2));
                    String c11 = kind == AnomalyKind.UNMATCHABLE_HOLD || kind == AnomalyKind.UNRECOGNISED_TYPE ? ""
                            : String.format("%09d", random.nextInt(1_000_000_000));
                    String id = "n-" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
                    String key = kind == AnomalyKind.OPEN_HOLD ? card + "\u001F" + c11 : id;
                    Instant at = now.minusMillis((long) (random.nextDouble() * yearMillis));
                    long c4 = 100 + random.nextInt(100_000);
                    chunk.append(kind.name()).append('\t').append(key).append('\t').append(card).append('\t')
                            .append(kind == AnomalyKind.AWAITING_CARD ? "\\N" : "w-" + wallet).append('\t').append(c11).append('\t')
                            .append(id).append('\t').append(id).append('\t').append("PeticionAutorizacion").append('\t')
                            .append(c4).append('\t').append(-c4).append('\t').append(c4).append('\t').append(c4).append('\t')
                            .append("PENDING").append('\t').append(at).append('\t').append(total + i).append('\t')
                            .append("benchmark row").append('\n');
                    if (chunk.length() > 4_000_000) {
                        copy.copyIn(COPY_ANOMALIES, new StringReader(chunk.toString()));
                        chunk.setLength(0);
                    }
                }
                copy.copyIn(COPY_ANOMALIES, new StringReader(chunk.toString()));
                total += n;
            }
            StringBuilder p = new StringBuilder();
            for (int i = 0; i < parked; i++) {
                Instant at = now.minusMillis((long) (random.nextDouble() * yearMillis));
                p.append("ledger\tcardledger.raw-notifications.v1\t").append(i % 4).append('\t').append(i).append('\t')
                        .append("c-").append(random.nextInt(WALLETS * 2)).append("\tdeterministic failure\tjava.lang.IllegalArgumentException\t")
                        .append("0".repeat(64)).append('\t').append(at).append('\t').append(i % 10 == 0 ? "RETRIED" : "PARKED").append('\n');
            }
            copy.copyIn("COPY parked_record (consumer, topic, kafka_partition, kafka_offset, record_key, reason, exception_class,"
                    + " stack_digest, parked_at, status) FROM STDIN", new StringReader(p.toString()));
        }
        return total;
    }

    private static final String COPY_ANOMALIES = "COPY analyst_anomaly (kind, anomaly_key, card_id, wallet_id, c11, notification_id,"
            + " movement_id, c1_tipo, c4, available_delta, withheld_delta, held_minor, authorization_status, occurred_at,"
            + " global_index, detail) FROM STDIN";

    /** CPU per CardNotificationRecorded for the projection: read its fields from the stored JSON and decide. */
    private static void projectionCost(ObjectMapper ledgerJson) throws Exception {
        List<byte[]> stored = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            RawNotification raw = Notifications.of("PeticionAutorizacion", "c-" + i).amount(1_000 + i).c11(String.format("%09d", i)).raw();
            CardNotificationRecorded r = new CardNotificationRecorded("c-" + i, "w-" + i, raw.notificationId(), 1, raw, -1_000 - i,
                    1_000 + i, new AuthorizationView(String.format("%09d", i), AuthorizationStatus.PENDING, 1_000 + i, 1_000 + i, 0, 0),
                    EnumSet.noneOf(MovementFlag.class), Instant.now());
            stored.add(ledgerJson.writeValueAsBytes(r));
        }
        int rounds = 2_000;
        long sink = 0;
        for (int warm = 0; warm < 2; warm++) {
            long s = System.nanoTime();
            for (int round = 0; round < (warm == 0 ? rounds / 4 : rounds); round++) {
                sink += AnomalyProjectionProbe.decide(stored);
            }
            if (warm == 1) {
                double perEvent = (System.nanoTime() - s) / 1e3 / ((double) rounds * stored.size());
                System.out.printf("projection CPU per CardNotificationRecorded (read + decide, one thread): %.2f us (%d changes)%n",
                        perEvent, sink);
            }
        }
    }
}
