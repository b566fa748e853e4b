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

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * <p>Two ways to run it. By default it starts the shared test infrastructure (a real KRaft broker
 * and a real PostgreSQL server) and the projection service in this JVM. With {@code service=URL
 * bootstrap=HOST:PORT jdbc=URL} it drives a service running in its own JVM (the exec jar) against
 * a broker and PostgreSQL started separately ({@code projection-service/bench/projection-reads.sh}
 * does all of it), so the load tool's JIT and GC do not compete inside the service's process.
 *
 * <p>It seeds {@code wallets} wallets, then runs three phases. Rates are open-loop: each request or
 * event has a scheduled time and latency is measured from it, so a stall shows up as latency
 * instead of silently lowering the rate. Reads go through {@link OpenLoopHttpReads}, a small
 * keep-alive socket client. Each phase prints the load average and the CPU it cost, per request or
 * event: the service process ({@code servicePid}), all {@code postgres} processes, this load tool,
 * and the whole machine.
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
    private final int connections;
    private final int watchMillis;
    private final Map<String, String> args;

    private ProjectionBench(Map<String, String> args) {
        this.args = args;
        wallets = Integer.parseInt(args.getOrDefault("wallets", "1000"));
        seconds = Integer.parseInt(args.getOrDefault("seconds", "20"));
        readRate = Integer.parseInt(args.getOrDefault("readRate", "2000"));
        eventRate = Integer.parseInt(args.getOrDefault("eventRate", "2000"));
        connections = Integer.parseInt(args.getOrDefault("connections", "32"));
        // The watcher's pause between polls. With 2 ms the load tool (producer and watcher) used ~250 us of CPU
        // per event, on the cores the service needs; 10 ms plus the poll's own time is still a hundredth of
        // the 1 s target. The mean poll time printed with the figures is the resolution.
        watchMillis = Integer.parseInt(args.getOrDefault("watchMillis", "10"));
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
        if (args.containsKey("service")) {
            String token = args.getOrDefault("token", "local-service-token");
            String jdbc = args.getOrDefault("jdbc", "jdbc:postgresql://localhost:15432/projection");
            try (KafkaProducer<String, byte[]> producer = producer(args.getOrDefault("bootstrap", "localhost:19092"));
                 Connection db = DriverManager.getConnection(jdbc, args.getOrDefault("dbUser", "postgres"),
                         args.getOrDefault("dbPassword", "postgres"))) {
                String pid = args.get("servicePid");
                phases(URI.create(args.get("service")), token, producer, db, pid == null ? -1 : Long.parseLong(pid),
                        "the service runs in its own JVM (pid " + pid + ")");
            }
            return;
        }
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
             KafkaProducer<String, byte[]> producer = producer(infra.bootstrapServers());
             Connection db = DriverManager.getConnection(infra.jdbcUrl("projection_bench"), infra.username(), infra.password())) {
            URI base = URI.create("http://localhost:" + service.getEnvironment().getProperty("local.server.port"));
            phases(base, TOKEN, producer, db, ProcessHandle.current().pid(),
                    "broker, service and load tool share this JVM");
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                // As the ledger's publisher (ledger-service application.yml); the 5 ms are inside the freshness figure.
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    private void phases(URI base, String token, KafkaProducer<String, byte[]> producer, Connection db, long servicePid,
                        String layout) throws Exception {
        // prefix= and seeded=true reuse the wallets of an earlier invocation (bench/projection-reads.sh with
        // RESTART_AFTER_SEED=1 seeds, restarts the service on the seeded database, then measures).
        String prefix = args.getOrDefault("prefix", "bench-" + Long.toString(System.currentTimeMillis(), 36)) + "-";
        List<WalletStream> streams = new ArrayList<>();
        for (int i = 0; i < wallets; i++) {
            streams.add(new WalletStream(prefix + i, "EUR"));
        }
        if (Boolean.parseBoolean(args.getOrDefault("seeded", "false"))) {
            // The streams continue where the seed left them: registration (0) and pay-in (1).
            for (WalletStream w : streams) {
                w.registered("user-" + w.walletId);
                w.payIn("seed-" + w.walletId, 1_000_000, Instant.now());
            }
            if (visibleSequences(db, streams.stream().map(w -> w.walletId).toList()).size() < streams.size()) {
                throw new IllegalStateException("seeded=true, but the wallets of prefix " + prefix + " are not all projected");
            }
        } else {
            seed(producer, db, streams);
        }
        if (args.getOrDefault("phases", "").equals("seed")) {
            System.out.printf("Seeded %d wallets, prefix %s%n", streams.size(), prefix);
            return;
        }
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers'), version()")) {
            rs.next();
            System.out.printf("%nPostgreSQL: fsync %s, synchronous_commit %s, shared_buffers %s (%s)%n",
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        }
        List<byte[]> requests = new ArrayList<>();
        String host = base.getHost() + ":" + base.getPort();
        for (WalletStream w : streams) {
            requests.add(OpenLoopHttpReads.get("/api/v1/wallets/" + w.walletId, host, token));
        }
        OpenLoopHttpReads reader = new OpenLoopHttpReads(new InetSocketAddress(base.getHost(), base.getPort()), connections);
        System.out.printf("%nMachine: %d cores; %s.%n", Runtime.getRuntime().availableProcessors(), layout);
        System.out.printf("Wallets %d, phase length %d s, read rate %d/s, event rate %d/s, %d read connections%n%n",
                wallets, seconds, readRate, eventRate, connections);

        // Warm the JIT and the connection pools; not recorded. On a busy 2-core machine C2 was still
        // compiling after 10 s (a third of the service's CPU in the measured phase), hence 30 s by default.
        // Phases: phases=reads,freshness,mixed (default all).
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "30"));
        long warmupStart = System.nanoTime();
        CpuMeter warmupCpu = new CpuMeter(servicePid);
        // Events first, then reads: the reads phase measures reads after reads. The other order put the
        // end of the events warm-up (its GC pauses, up to 85 ms on the saturated machine) into the reads
        // phase's first seconds, which then held half of its slow requests.
        if (warmup > 0) {
            events(producer, db, streams, eventRate, Math.max(1, warmup / 3));
            reader.run(requests, readRate, warmup, new AtomicBoolean());
        }
        System.out.printf("  (warm-up: %d s of events, then %d s of reads, %.0f s in all; service CPU by thread:%s)%n",
                warmup > 0 ? Math.max(1, warmup / 3) : 0, warmup, (System.nanoTime() - warmupStart) / 1e9,
                roles(warmupCpu.sample(), 1_000_000, "s"));
        String phases = args.getOrDefault("phases", "reads,freshness,mixed");
        CpuMeter cpu;
        if (phases.contains("reads")) {
            cpu = new CpuMeter(servicePid);
            Latencies readsAlone = reads(reader, requests, readRate, seconds, new AtomicBoolean());
            report("reads alone: GET /api/v1/wallets/{id}", readsAlone, cpu.sample(), readsAlone.nanos().length, "request");
        }
        if (phases.contains("freshness")) {
            cpu = new CpuMeter(servicePid);
            Latencies freshAlone = events(producer, db, streams, eventRate, seconds);
            report("freshness alone: event timestamp -> visible in wallet_balance", freshAlone, cpu.sample(),
                    freshAlone.nanos().length, "event");
        }
        if (!phases.contains("mixed")) {
            return;
        }

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService side = Executors.newSingleThreadExecutor();
        cpu = new CpuMeter(servicePid);
        var mixedReads = side.submit(() -> reads(reader, requests, readRate, seconds, stop));
        Latencies freshMixed = events(producer, db, streams, eventRate, seconds);
        Latencies readsMixed = mixedReads.get();
        CpuMeter.Used mixedCpu = cpu.sample();
        side.shutdown();
        report("reads while events stream: GET /api/v1/wallets/{id}", readsMixed, mixedCpu,
                readsMixed.nanos().length + freshMixed.nanos().length, "request or event");
        report("freshness while reads run: event timestamp -> visible", freshMixed, null, 0, "");
    }

    private static Latencies reads(OpenLoopHttpReads reader, List<byte[]> requests, int rate, int durationSeconds,
                                   AtomicBoolean stop) throws InterruptedException {
        OpenLoopHttpReads.Result r = reader.run(requests, rate, durationSeconds, stop);
        return new Latencies(r.nanos(), r.errors(), r.ratePerSecond());
    }

    private void seed(KafkaProducer<String, byte[]> producer, Connection db, List<WalletStream> streams) throws Exception {
        for (WalletStream w : streams) {
            send(producer, w.registered("user-" + w.walletId));
            send(producer, w.payIn("seed-" + w.walletId, 1_000_000, Instant.now()));
        }
        producer.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (visibleSequences(db, streams.stream().map(w -> w.walletId).toList()).values().stream().filter(s -> s >= 1).count() < streams.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Seed did not become visible within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
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
                    // Only wallets with an event in flight: polling all of them every few milliseconds cost
                    // PostgreSQL and this JVM more CPU than the projection itself.
                    List<String> inFlight = new ArrayList<>();
                    pending.forEach((walletId, q) -> {
                        if (!q.isEmpty()) {
                            inFlight.add(walletId);
                        }
                    });
                    Map<String, Long> seen = inFlight.isEmpty() ? Map.of() : visibleSequences(db, inFlight);
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
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(watchMillis));
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

    private static Map<String, Long> visibleSequences(Connection db, List<String> walletIds) throws Exception {
        Map<String, Long> seen = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT wallet_id, last_sequence FROM wallet_balance WHERE wallet_id = ANY (?)")) {
            Array ids = db.createArrayOf("text", walletIds.toArray());
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
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static void report(String name, Latencies l, CpuMeter.Used cpu, int units, String unit) {
        System.out.printf("  (load average: %s)%n", loadAverage());
        if (cpu != null && units > 0) {
            System.out.printf("  (CPU per %s over %.1f s: service %s, postgres %.0f us, load tool %.0f us, whole machine %.0f us"
                            + " = %.0f %% of %d cores)%n", unit, cpu.wallSeconds(),
                    cpu.serviceMicros() < 0 ? "n/a" : String.format("%.0f us", cpu.serviceMicros() / units),
                    cpu.postgresMicros() / units, cpu.selfMicros() / units, cpu.machineMicros() / units,
                    100.0 * cpu.machineMicros() / 1e6 / cpu.wallSeconds() / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  (service CPU per %s by thread:%s)%n", unit, roles(cpu, units, "us"));
        }
        long[] s = l.nanos().clone();
        Arrays.sort(s);
        if (l.ratePerSecond() > 0 && unit.startsWith("request")) {
            // Where the tail sits in time: requests over 5 ms per second of the phase. A few seconds with
            // many are stalls (GC, JIT, another process); an even spread is queueing.
            int perSecond = (int) Math.round(l.ratePerSecond());
            StringBuilder slow = new StringBuilder();
            long[] n = l.nanos();
            for (int from = 0; from < n.length; from += perSecond) {
                int c = 0;
                for (int i = from; i < Math.min(n.length, from + perSecond); i++) {
                    if (n[i] > 5_000_000L) {
                        c++;
                    }
                }
                slow.append(' ').append(c);
            }
            System.out.printf("  (requests over 5 ms, per second of the phase:%s)%n", slow);
        }
        System.out.printf("| %s | n=%d | %.0f/s | p50 %.2f ms | p99 %.2f ms | p99.9 %.2f ms | max %.2f ms | errors/missing %d |%n",
                name, s.length, l.ratePerSecond(), pct(s, 0.50), pct(s, 0.99), pct(s, 0.999),
                s.length == 0 ? 0 : s[s.length - 1] / 1e6, l.errors());
    }

    /** The service's CPU by thread role: microseconds divided by {@code units}, labelled {@code label}. */
    private static String roles(CpuMeter.Used cpu, int units, String label) {
        StringBuilder roles = new StringBuilder();
        cpu.serviceThreadTicks().entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> roles.append(String.format(" %s %.1f %s;", e.getKey(), e.getValue() * CpuMeter.MICROS_PER_TICK / units, label)));
        return roles.toString();
    }

    /**
     * CPU time used between construction and {@link #sample()}, from /proc (Linux): one process,
     * every process named {@code postgres}, this JVM, and the whole machine (all cores, busy time).
     */
    static final class CpuMeter {
        record Used(double wallSeconds, double serviceMicros, double postgresMicros, double selfMicros, double machineMicros,
                    Map<String, Long> serviceThreadTicks) {
        }

        private static final double MICROS_PER_TICK = 10_000; // USER_HZ = 100 on Linux
        private final long pid;
        private final long wall0 = System.nanoTime();
        private final long service0;
        private final long postgres0;
        private final long self0;
        private final long machine0;
        private final Map<String, Long> threads0;

        CpuMeter(long pid) {
            this.pid = pid;
            threads0 = threadTicks(pid);
            service0 = processTicks(pid);
            postgres0 = postgresTicks();
            self0 = processTicks(ProcessHandle.current().pid());
            machine0 = machineBusyTicks();
        }

        Used sample() {
            double wall = (System.nanoTime() - wall0) / 1e9;
            long service = processTicks(pid);
            Map<String, Long> threads = threadTicks(pid);
            threads0.forEach((role, ticks) -> threads.merge(role, -ticks, Long::sum));
            return new Used(wall, service < 0 || service0 < 0 ? -1 : (service - service0) * MICROS_PER_TICK,
                    (postgresTicks() - postgres0) * MICROS_PER_TICK,
                    (processTicks(ProcessHandle.current().pid()) - self0) * MICROS_PER_TICK,
                    (machineBusyTicks() - machine0) * MICROS_PER_TICK, threads);
        }

        /** A process's CPU ticks by thread role: thread names with their numbers taken out (http-nio-#-exec-#). */
        static Map<String, Long> threadTicks(long pid) {
            Map<String, Long> byRole = new HashMap<>();
            if (pid < 0) {
                return byRole;
            }
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String role = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        byRole.merge(role, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                    } catch (Exception ignored) {
                        // the thread ended meanwhile
                    }
                }
            } catch (Exception e) {
                return byRole;
            }
            return byRole;
        }

        /** utime + stime of a process (its threads included), or -1. */
        static long processTicks(long pid) {
            if (pid < 0) {
                return -1;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (Exception e) {
                return -1;
            }
        }

        static long postgresTicks() {
            long sum = 0;
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    String name = d.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        if (Files.readString(d.resolve("comm")).trim().equals("postgres")) {
                            long t = processTicks(Long.parseLong(name));
                            sum += Math.max(0, t);
                        }
                    } catch (Exception ignored) {
                        // the process ended meanwhile
                    }
                }
            } catch (Exception e) {
                return 0;
            }
            return sum;
        }

        /** All cores' non-idle time: user + nice + system + irq + softirq + steal. */
        static long machineBusyTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            } catch (Exception e) {
                return 0;
            }
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
