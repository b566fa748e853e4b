package io.cardledger.projection.bench;

import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.Topics;
import io.cardledger.projection.LedgerFixtures;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionServiceApplication;
import io.cardledger.testing.SharedInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load tool, not a test: balance-read latency at a fixed request rate and projection freshness
 * (event timestamp to visible in PostgreSQL) at a fixed event rate, alone and together.
 *
 * <p>It starts the shared test infrastructure (a real KRaft broker and a real PostgreSQL server),
 * the projection service in this JVM, seeds {@code wallets} wallets, then runs three phases.
 * Rates are open-loop: each request or event has a scheduled time and latency is measured from
 * it, so a stall shows up as latency instead of silently lowering the rate.
 *
 * <pre>
 * ./mvnw -q -B -pl projection-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.cardledger.projection.bench.ProjectionBench -Dexec.args="seconds=20"
 * </pre>
 */
public final class ProjectionBench {
    private static final String TOKEN = "bench-token";

    private final int wallets;
    private final int seconds;
    private final int readRate;
    private final int eventRate;
    private final int readThreads;

    private ProjectionBench(Map<String, String> args) {
        wallets = Integer.parseInt(args.getOrDefault("wallets", "1000"));
        seconds = Integer.parseInt(args.getOrDefault("seconds", "20"));
        readRate = Integer.parseInt(args.getOrDefault("readRate", "2000"));
        eventRate = Integer.parseInt(args.getOrDefault("eventRate", "2000"));
        readThreads = Integer.parseInt(args.getOrDefault("readThreads", "16"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            for (String kv : a.split("\\s+")) {
                if (kv.contains("=")) {
                    args.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
        }
        int status = 1;
        try {
            new ProjectionBench(args).run();
            status = 0;
        } finally {
            // The in-process broker's threads are not daemons: end the JVM whatever happened.
            System.exit(status);
        }
    }

    private void run() throws Exception {
        SharedInfra infra = SharedInfra.get();
        Map<String, Object> props = new HashMap<>(infra.springProperties("projection_bench"));
        props.put("spring.datasource.url", infra.jdbcUrl("projection_bench") + "?reWriteBatchedInserts=true");
        props.put("server.port", "0");
        props.put("cardledger.security.service-token", TOKEN);
        props.put("logging.level.root", "WARN");
        props.put("spring.main.banner-mode", "off");
        // Command-line arguments outrank application.yml; builder "properties" would only be defaults.
        String[] serviceArgs = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(ProjectionServiceApplication.class)
                .run(serviceArgs);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
             Connection db = DriverManager.getConnection(infra.jdbcUrl("projection_bench"), infra.username(), infra.password())) {
            String base = "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
            String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-";
            List<WalletStream> streams = new ArrayList<>();
            for (int i = 0; i < wallets; i++) {
                streams.add(new WalletStream(prefix + i, "EUR"));
            }
            seed(producer, db, streams);
            System.out.printf("%nMachine: %d cores; broker, PostgreSQL, service and load tool share them.%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("Wallets %d, phase length %d s, read rate %d/s, event rate %d/s%n%n", wallets, seconds, readRate, eventRate);

            // Warm the JIT and the connection pools; not recorded.
            reads(base, streams, readRate, Math.max(3, seconds / 4), new AtomicBoolean());
            Latencies readsAlone = reads(base, streams, readRate, seconds, new AtomicBoolean());
            report("reads alone: GET /api/v1/wallets/{id}", readsAlone);

            Latencies freshAlone = events(producer, db, streams, eventRate, seconds);
            report("freshness alone: event timestamp -> visible in wallet_balance", freshAlone);

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService side = Executors.newSingleThreadExecutor();
            var mixedReads = side.submit(() -> reads(base, streams, readRate, seconds, stop));
            Latencies freshMixed = events(producer, db, streams, eventRate, seconds);
            Latencies readsMixed = mixedReads.get();
            side.shutdown();
            report("reads while events stream: GET /api/v1/wallets/{id}", readsMixed);
            report("freshness while reads run: event timestamp -> visible", freshMixed);
        }
    }

    private void seed(KafkaProducer<String, byte[]> producer, Connection db, List<WalletStream> streams) throws Exception {
        for (WalletStream w : streams) {
            send(producer, w.registered("user-" + w.walletId));
            send(producer, w.payIn("seed-" + w.walletId, 1_000_000, Instant.now()));
        }
        producer.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (visibleSequences(db, streams).values().stream().filter(s -> s >= 1).count() < streams.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Seed did not become visible within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Open-loop reads: request i is due at start + i / rate; its latency counts from then. */
    private Latencies reads(String base, List<WalletStream> streams, int rate, int durationSeconds, AtomicBoolean stop) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        int total = rate * durationSeconds;
        long[] latencies = new long[total];
        AtomicInteger nextSlot = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long intervalNanos = 1_000_000_000L / rate;
        ExecutorService workers = Executors.newFixedThreadPool(readThreads);
        for (int t = 0; t < readThreads; t++) {
            workers.submit(() -> {
                int slot;
                while ((slot = nextSlot.getAndIncrement()) < total && !stop.get()) {
                    long due = start + slot * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    String walletId = streams.get(slot % streams.size()).walletId;
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/wallets/" + walletId))
                            .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).GET().build();
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[slot] = System.nanoTime() - due;
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(durationSeconds + 60L, TimeUnit.SECONDS);
        int done = Math.min(nextSlot.get(), total);
        return new Latencies(Arrays.copyOf(latencies, done), errors.get(), (double) done / durationSeconds);
    }

    /**
     * Open-loop events spread over the wallets. A watcher polls the bench wallets' last_sequence
     * every few milliseconds; an event is visible when its wallet's sequence reaches it, and its
     * freshness is that moment minus the envelope's timestamp. The polling interval is the
     * measurement's resolution and is reported with the figures.
     */
    private Latencies events(KafkaProducer<String, byte[]> producer, Connection db, List<WalletStream> streams, int rate,
                             int durationSeconds) throws Exception {
        int total = rate * durationSeconds;
        Map<String, ConcurrentLinkedQueue<long[]>> pending = new ConcurrentHashMap<>();
        streams.forEach(w -> pending.put(w.walletId, new ConcurrentLinkedQueue<>()));
        long[] freshness = new long[total];
        AtomicInteger observed = new AtomicInteger();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong pollNanos = new AtomicLong();
        AtomicInteger polls = new AtomicInteger();

        Thread watcher = new Thread(() -> {
            try {
                long deadline = Long.MAX_VALUE;
                while (observed.get() < total && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    Map<String, Long> seen = visibleSequences(db, streams);
                    long nowMillis = System.currentTimeMillis();
                    pollNanos.addAndGet(System.nanoTime() - t0);
                    polls.incrementAndGet();
                    seen.forEach((walletId, seq) -> {
                        ConcurrentLinkedQueue<long[]> q = pending.get(walletId);
                        long[] head;
                        while ((head = q.peek()) != null && head[0] <= seq) {
                            q.poll();
                            int i = observed.getAndIncrement();
                            if (i < total) {
                                freshness[i] = TimeUnit.MILLISECONDS.toNanos(nowMillis - head[1]);
                            }
                        }
                    });
                    if (!producing.get() && deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-watcher");
        watcher.start();

        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long wait = start + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            WalletStream w = streams.get(i % streams.size());
            LedgerEventEnvelope e = w.payIn("ev-" + i + "-" + w.walletId, 1, Instant.now());
            pending.get(w.walletId).add(new long[]{e.sequence(), e.timestamp().toEpochMilli()});
            send(producer, e);
        }
        producer.flush();
        double achieved = total / ((System.nanoTime() - start) / 1e9);
        producing.set(false);
        watcher.join();
        int n = Math.min(observed.get(), total);
        System.out.printf("  (watcher: %d polls, mean poll %.1f ms; events produced at %.0f/s)%n", polls.get(),
                pollNanos.get() / 1e6 / Math.max(1, polls.get()), achieved);
        return new Latencies(Arrays.copyOf(freshness, n), total - n, achieved);
    }

    private static Map<String, Long> visibleSequences(Connection db, List<WalletStream> streams) throws Exception {
        Map<String, Long> seen = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT wallet_id, last_sequence FROM wallet_balance WHERE wallet_id = ANY (?)")) {
            Array ids = db.createArrayOf("text", streams.stream().map(w -> w.walletId).toArray());
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return seen;
    }

    private static void send(KafkaProducer<String, byte[]> producer, LedgerEventEnvelope e) {
        producer.send(new ProducerRecord<>(Topics.LEDGER_EVENTS, e.aggregateId(), LedgerFixtures.bytes(e)));
    }

    private record Latencies(long[] nanos, int errors, double ratePerSecond) {
    }

    /** Other builds share these cores; the load average says how much. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static void report(String name, Latencies l) {
        System.out.printf("  (load average: %s)%n", loadAverage());
        long[] s = l.nanos().clone();
        Arrays.sort(s);
        System.out.printf("| %s | n=%d | %.0f/s | p50 %.2f ms | p99 %.2f ms | p99.9 %.2f ms | max %.2f ms | errors/missing %d |%n",
                name, s.length, l.ratePerSecond(), pct(s, 0.50), pct(s, 0.99), pct(s, 0.999),
                s.length == 0 ? 0 : s[s.length - 1] / 1e6, l.errors());
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
