package io.cardledger.ledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.events.trace.TraceParent;
import io.cardledger.ledger.LedgerServiceApplication;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.support.Notifications;
import io.cardledger.testing.SharedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;

import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Ledger throughput, end to end inside the ledger: N raw notifications already on Kafka, then the
 * consumer starts and the clock runs until every one is applied (card + wallet events committed
 * in PostgreSQL), and then until the outbox has published every stored event to Kafka.
 * Not a test. Run both modes in one go with bench/ledger-throughput.sh.
 *
 * <p>Args: {@code batch|naive} [notifications] [cards] [warm-up notifications, default a fifth of the
 * measured ones, applied first and not measured]. PostgreSQL runs with fsync and synchronous_commit on.
 * The CPU line (this JVM, which also hosts the broker, plus PostgreSQL's processes) is the figure to
 * compare on a machine shared with other work; wall-clock rates depend on what else runs.
 */
public final class LedgerThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "batch";
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int cards = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : total / 5;
        System.out.printf("host speed before: %s%n", hostSpeed());
        System.setProperty("cardledger.test.pg.durable", "true");
        // A production-like buffer cache: with PostgreSQL's default 128 MB the store outgrew it within a run
        // and the later windows slowed (-Dcardledger.test.pg.shared-buffers=128MB for the old setting).
        System.setProperty("cardledger.test.pg.shared-buffers", System.getProperty("cardledger.test.pg.shared-buffers", "1GB"));
        // -Dbench.pg.statements=true: pg_stat_statements over the measured phase, top statements printed at the end.
        boolean statements = Boolean.getBoolean("bench.pg.statements");
        if (statements) {
            System.setProperty("cardledger.test.pg.shared-preload-libraries", "pg_stat_statements");
        }
        SharedInfra infra = SharedInfra.get();
        Map<String, Object> props = new HashMap<>(infra.springProperties("bench_" + mode));
        java.util.regex.Matcher port = java.util.regex.Pattern.compile(":(\\d+)/").matcher((String) props.get("spring.datasource.url"));
        int pgPort = port.find() ? Integer.parseInt(port.group(1)) : -1;
        props.put("spring.datasource.url", props.get("spring.datasource.url") + "?reWriteBatchedInserts=true"
                + System.getProperty("bench.jdbc.extra", ""));
        props.put("spring.kafka.consumer.group-id", "bench-" + UUID.randomUUID());
        props.put("cardledger.ledger.consume", "false");
        props.put("cardledger.ledger.transaction-per-notification", String.valueOf(mode.equals("naive")));
        props.put("server.port", "0");
        props.put("logging.level.root", "WARN");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LedgerServiceApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new))) {
            LedgerOperations ledger = app.getBean(LedgerOperations.class);
            ObjectMapper json = app.getBean(ObjectMapper.class);
            // The raw topic is written as webhook-ingest writes it: uncompressed (the ledger's own producer,
            // the outbox's, compresses with lz4).
            Map<String, Object> seedProducer = new HashMap<>(app.getBean(KafkaProperties.class).buildProducerProperties(null));
            seedProducer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, System.getProperty("bench.seed.compression", "none"));
            seedProducer.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
            DefaultKafkaProducerFactory<String, byte[]> seedFactory = new DefaultKafkaProducerFactory<>(seedProducer);
            KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(seedFactory);
            MeterRegistry metrics = app.getBean(MeterRegistry.class);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);

            // Setup, not measured: wallets with a card each, funded.
            long t0 = System.nanoTime();
            for (int c = 0; c < cards; c++) {
                ledger.registerWallet("bw-" + c, "u-" + c, "USD", 0);
                ledger.registerCard("bc-" + c, "bw-" + c, "u-" + c, "prepaid", false);
                ledger.payIn("bp-" + c, "bw-" + c, 10_000_000, "USD", "top-up");
            }
            System.out.printf("setup: %d wallets+cards in %.1f s%n", cards, (System.nanoTime() - t0) / 1e9);

            // A realistic mix per card: authorization + confirmation, some reversals, corrections, declines.
            Random random = new Random(42);
            List<CompletableFuture<?>> sends = new ArrayList<>();
            int produced = 0;
            int c11 = 0;
            while (produced < warmup + total) {
                String card = "bc-" + random.nextInt(cards);
                String id = String.format("%09d", ++c11);
                long amount = 100 + random.nextInt(20_000);
                List<RawNotification> story = new ArrayList<>();
                story.add(Notifications.of("PeticionAutorizacion", card).amount(amount).c11(id).raw());
                int kind = random.nextInt(10);
                if (kind < 6) {
                    story.add(Notifications.of("TransaccionConfirmada", card).amount(amount).c11(id).raw());
                } else if (kind < 8) {
                    story.add(Notifications.of("ComunicacionAnulacion", card).amount(amount).c11(id).raw());
                } else if (kind < 9) {
                    story.add(Notifications.of("TransaccionCorregidaNegativa", card).amount(amount / 10).c11(id).raw());
                } else {
                    story.add(Notifications.of("NO HAY FONDOS", card).amount(amount).c11("").with("c41TerminalId", id).raw());
                }
                for (RawNotification n : story) {
                    if (produced++ < warmup + total) {
                        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.RAW_NOTIFICATIONS, card, json.writeValueAsBytes(n));
                        // As webhook-ingest writes it: with a W3C traceparent, which the ledger carries to its events (ADR 0012).
                        record.headers().add(TraceParent.HEADER, TraceParent.continueOrStart(null).getBytes(StandardCharsets.US_ASCII));
                        sends.add(kafka.send(record));
                    }
                }
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
            seedFactory.destroy();
            // The seeded log (~1 GB) would otherwise be written back to disk during the measured phase,
            // competing with PostgreSQL's fsyncs: in steady state that writeback is spread over time.
            new ProcessBuilder("sync").inheritIO().start().waitFor();

            // Warm-up, not measured: the first notifications of the stream run while the JIT compiles the
            // batch path (on a busy 2-core machine that takes minutes); the clock starts after them.
            double applied0 = applied(metrics);
            app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("ledger-raw-notifications").start();
            while (applied(metrics) - applied0 < warmup) {
                Thread.sleep(5);
            }
            // -Dbench.jfr=FILE records a JFR profile of the measured phase only (setup and warm-up excluded).
            jdk.jfr.Recording recording = startRecording();
            if (statements) {
                jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                jdbc.execute("SELECT pg_stat_statements_reset()");
            }
            Map<String, Object> wal0 = jdbc.queryForMap("SELECT wal_bytes, wal_fpi FROM pg_stat_wal");
            Map<String, Object> checkpoints0 = jdbc.queryForMap("SELECT num_timed + num_requested AS started, buffers_written FROM pg_stat_checkpointer");
            Map<String, Long> threads0 = threadCpuNanos();
            Map<String, Long> pgProcesses0 = pgCpuByProcess(pgPort);
            long jvm0 = jvmCpuNanos();
            long pg0 = pgCpuNanos(pgPort);
            long[] host0 = hostCpuTicks();
            long start = System.nanoTime();
            double appliedStart = applied(metrics);
            long eventsBefore = count(jdbc);
            // One line per window: a "sustained" rate is one that holds once the JIT has settled, so each
            // window shows its rate, its CPU per notification and how much of it the JIT compilers took.
            Window window = new Window(appliedStart, jvm0, start);
            List<Window.Result> windows = new ArrayList<>();
            while (applied(metrics) - applied0 < warmup + total) {
                Thread.sleep(5);
                if (System.nanoTime() - window.startNanos >= WINDOW_NANOS) {
                    Window next = new Window(applied(metrics), jvmCpuNanos(), System.nanoTime());
                    Window.Result r = window.close(next);
                    windows.add(r);
                    System.out.println(r);
                    window = next;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            printSteadyState(mode, windows);
            double measured = applied(metrics) - appliedStart;
            long events = count(jdbc) - eventsBefore;
            System.out.printf("mode=%s notifications=%.0f (after %d warm-up) applied in %.2f s = %.0f notifications/s (%d events stored, %.0f events/s)%n",
                    mode, measured, warmup, seconds, measured / seconds, events, events / seconds);

            long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
            while (publishedPosition(jdbc) < head) {
                Thread.sleep(20);
            }
            double published = (System.nanoTime() - start) / 1e9;
            System.out.printf("mode=%s all %d stored events published to Kafka %.2f s after the measurement started%n",
                    mode, count(jdbc), published);
            // CPU of this JVM (ledger + in-process broker) and of PostgreSQL's processes: less sensitive
            // than wall time to other work on a shared machine.
            long jvm = jvmCpuNanos() - jvm0;
            long pg = pgCpuNanos(pgPort) - pg0;
            System.out.printf("mode=%s cpu: JVM %.1f s + PostgreSQL %.1f s for %.0f notifications = %.0f + %.0f = %.0f us/notification; load %s%n",
                    mode, jvm / 1e9, pg / 1e9, measured, jvm / 1e3 / measured, pg / 1e3 / measured, (jvm + pg) / 1e3 / measured, loadAverage());
            System.out.println("host CPU over the measured phase: " + hostCpuShares(host0, hostCpuTicks()));
            printThreadCpu("JVM", threads0, threadCpuNanos(), measured);
            System.out.printf("host speed after: %s%n", hostSpeed());
            // WAL volume and checkpoints over the measured phase: a checkpoint's full-page images and writes
            // are what make some windows slower than others.
            Map<String, Object> wal = jdbc.queryForMap("SELECT wal_bytes, wal_fpi FROM pg_stat_wal");
            Map<String, Object> checkpoints = jdbc.queryForMap("SELECT num_timed + num_requested AS started, buffers_written FROM pg_stat_checkpointer");
            System.out.printf("PostgreSQL: WAL %.0f bytes per notification (%d full-page images), %d checkpoints started (%d buffers written)%n",
                    (((Number) wal.get("wal_bytes")).doubleValue() - ((Number) wal0.get("wal_bytes")).doubleValue()) / measured,
                    ((Number) wal.get("wal_fpi")).longValue() - ((Number) wal0.get("wal_fpi")).longValue(),
                    ((Number) checkpoints.get("started")).longValue() - ((Number) checkpoints0.get("started")).longValue(),
                    ((Number) checkpoints.get("buffers_written")).longValue() - ((Number) checkpoints0.get("buffers_written")).longValue());
            printThreadCpu("PostgreSQL", pgProcesses0, pgCpuByProcess(pgPort), measured);
            System.out.println(jdbc.queryForObject("""
                    SELECT format('stored rows (last 10,000): payload %s bytes (%s in the row), metadata %s bytes; table %s, indexes %s',
                           round(avg(octet_length(payload))), round(avg(pg_column_size(payload))), round(avg(octet_length(metadata))),
                           pg_size_pretty(pg_table_size('domainevententry')), pg_size_pretty(pg_indexes_size('domainevententry')))
                    FROM (SELECT payload, metadata FROM domainevententry ORDER BY globalindex DESC LIMIT 10000) last
                    """, String.class));
            if (statements) {
                System.out.println("PostgreSQL statements by total time (us per notification, calls, rows):");
                jdbc.query("""
                        SELECT total_exec_time, calls, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) AS q
                        FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12
                        """, row -> {
                    System.out.printf("  %7.1f %8d %9d  %s%n", row.getDouble(1) * 1000 / measured, row.getLong(2), row.getLong(3), row.getString(4));
                });
            }
            if (recording != null) {
                recording.stop();
                recording.dump(java.nio.file.Path.of(System.getProperty("bench.jfr")));
                System.out.println("profile written to " + System.getProperty("bench.jfr"));
            }
        }
        // Runs SharedInfra's shutdown hooks: the embedded PostgreSQL server would outlive a halt.
        System.exit(0);
    }

    /**
     * A fixed single-threaded workload (SHA-256 of 256 MiB), timed: this VM's host sometimes runs the
     * same code markedly slower for minutes, and this figure tells such runs apart from code changes.
     */
    /** The machine's CPU time by state from /proc/stat (user, nice, system, idle, iowait, irq, softirq, steal), in ticks. */
    private static long[] hostCpuTicks() throws Exception {
        String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long[] ticks = new long[8];
        for (int i = 0; i < ticks.length && i + 1 < cpu.length; i++) {
            ticks[i] = Long.parseLong(cpu[i + 1]);
        }
        return ticks;
    }

    /**
     * How the machine's CPU time went over the measured phase. Steal is time the hypervisor gave our
     * virtual CPUs to someone else: a run with steal (or with idle time while behind) was not CPU-bound
     * on its own 2 cores, and its rate says more about the host than about the code.
     */
    private static String hostCpuShares(long[] before, long[] after) {
        String[] names = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};
        long total = 0;
        long[] delta = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            delta[i] = after[i] - before[i];
            total += delta[i];
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (delta[i] > 0 || names[i].equals("steal")) {
                line.append(String.format("%s %.1f%% ", names[i], 100.0 * delta[i] / Math.max(1, total)));
            }
        }
        return line.toString().trim();
    }

    private static String hostSpeed() throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 256; i++) {
                sha.update(block);
            }
            sha.digest();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return String.format("SHA-256 of 256 MiB in %.0f ms (best of 3; lower is faster)", best / 1e6);
    }

    private static final long WINDOW_NANOS = Long.getLong("bench.window.seconds", 10) * 1_000_000_000L;

    /** A slice of the measured phase: applied notifications, JVM CPU and JIT compiler time over it. */
    private static final class Window {
        final double applied;
        final long cpuNanos;
        final long startNanos;
        final long jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();

        Window(double applied, long cpuNanos, long startNanos) {
            this.applied = applied;
            this.cpuNanos = cpuNanos;
            this.startNanos = startNanos;
        }

        Result close(Window next) {
            double seconds = (next.startNanos - startNanos) / 1e9;
            double n = next.applied - applied;
            return new Result(seconds, n, (next.cpuNanos - cpuNanos) / 1e3 / Math.max(n, 1),
                    (next.jitMillis - jitMillis) / 1e3 / seconds);
        }

        record Result(double seconds, double notifications, double cpuMicrosPerNotification, double jitShare) {
            double rate() {
                return notifications / seconds;
            }

            @Override
            public String toString() {
                return String.format("  window %.1f s: %.0f notifications/s, JVM %.0f us CPU/notification, JIT compilers busy %.0f%% of the window",
                        seconds, rate(), cpuMicrosPerNotification, 100 * jitShare);
            }
        }
    }

    /** The second half of the windows: after the JIT's first burst, what the ledger sustains. */
    private static void printSteadyState(String mode, List<Window.Result> windows) {
        if (windows.size() < 2) {
            return;
        }
        List<Window.Result> late = windows.subList(windows.size() / 2, windows.size());
        double n = late.stream().mapToDouble(Window.Result::notifications).sum();
        double s = late.stream().mapToDouble(Window.Result::seconds).sum();
        double cpu = late.stream().mapToDouble(r -> r.cpuMicrosPerNotification() * r.notifications()).sum() / n;
        double jit = late.stream().mapToDouble(r -> r.jitShare() * r.seconds()).sum() / s;
        System.out.printf("mode=%s second half of the measured phase (%d windows, %.0f s): %.0f notifications/s, JVM %.0f us CPU/notification, JIT busy %.0f%%%n",
                mode, late.size(), s, n / s, cpu, 100 * jit);
    }

    private static jdk.jfr.Recording startRecording() throws Exception {
        if (System.getProperty("bench.jfr") == null) {
            return null;
        }
        jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.start();
        return recording;
    }

    /** CPU time of this JVM: the ledger and the in-process Kafka broker. */
    static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of the embedded PostgreSQL server's processes (postmaster and its children, alive now). */
    static long pgCpuNanos(int pgPort) {
        return pgCpuByProcess(pgPort).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * PostgreSQL's CPU by kind of process: backends (the ledger's connections), WAL writer, checkpointer,
     * and "ended children" (the postmaster's reaped children: autovacuum workers above all).
     */
    private static Map<String, Long> pgCpuByProcess(int pgPort) {
        Map<String, Long> groups = new HashMap<>();
        long hz = 100; // USER_HZ on Linux
        ProcessHandle server = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("postgres -D "))
                .filter(p -> p.info().commandLine().orElse("").contains(" -p " + pgPort + " "))
                .findFirst().orElse(null);
        if (server == null) {
            return groups;
        }
        for (ProcessHandle p : java.util.stream.Stream.concat(java.util.stream.Stream.of(server), server.descendants()).toList()) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                String title = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/cmdline"))
                        .replace('\0', ' ').trim();
                String kind = p.equals(server) ? "postmaster" : title.matches("postgres: \\S+ \\S+ .*") && !title.contains(" launcher")
                        && !title.contains(" worker") ? "backends" : title.replace("postgres: ", "");
                groups.merge(kind, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000_000L / hz, Long::sum);
                // cutime, cstime: children that ended and were reaped (autovacuum workers, above all)
                groups.merge("ended children", (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 1_000_000_000L / hz, Long::sum);
            } catch (Exception e) {
                // The process ended meanwhile.
            }
        }
        return groups;
    }

    /**
     * CPU time per group of this JVM's threads (Linux names, digits folded, so "C2 CompilerThre", "G1 Conc#",
     * the broker's and the ledger's threads), from /proc/self/task: which part of the JVM spends the CPU.
     */
    private static Map<String, Long> threadCpuNanos() {
        Map<String, Long> groups = new HashMap<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
                    groups.merge(name, nanos, Long::sum);
                } catch (Exception e) {
                    // The thread ended meanwhile.
                }
            }
        } catch (java.io.IOException e) {
            return groups;
        }
        return groups;
    }

    private static void printThreadCpu(String what, Map<String, Long> before, Map<String, Long> after, double notifications) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((name, nanos) -> delta.put(name, nanos - before.getOrDefault(name, 0L)));
        System.out.println(what + " CPU by thread or process (us per notification; those that ended meanwhile are missing):");
        delta.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(20)
                .forEach(e -> System.out.printf("  %-20s %6.1f%n", e.getKey(), e.getValue() / 1e3 / notifications));
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    private static double applied(MeterRegistry metrics) {
        var c = metrics.find("cardledger.ledger.notifications.applied").counter();
        return c == null ? 0 : c.count();
    }

    private static long count(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }

    /** The outbox processor's token position (GlobalSequenceTrackingToken / GapAwareTrackingToken JSON "index"). */
    private static long publishedPosition(JdbcTemplate jdbc) {
        List<byte[]> tokens = jdbc.queryForList("SELECT token FROM tokenentry WHERE processorname = 'ledger-publisher'", byte[].class);
        if (tokens.isEmpty() || tokens.get(0) == null) {
            return -1;
        }
        String token = new String(tokens.get(0));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"index\"\\s*:\\s*(\\d+)").matcher(token);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
