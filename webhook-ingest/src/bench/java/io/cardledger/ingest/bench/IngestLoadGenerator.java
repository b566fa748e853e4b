package io.cardledger.ingest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.ingest.WebhookIngestApplication;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator for webhook-ingest. Not a test: a main class that posts realistic transaction
 * notifications over loopback HTTP/1.1 keep-alive connections (raw sockets, so the generator
 * costs as little CPU as possible on the machine it shares with the service) and reports:
 *
 * <ol>
 *   <li>maximum sustained throughput, closed loop, at each connection count in {@code --connections};</li>
 *   <li>latency at a fixed arrival rate ({@code --rate}), open loop: each request's latency is measured
 *   from the moment it was scheduled to start, so a stall counts against every request it delayed
 *   (no coordinated omission).</li>
 * </ol>
 *
 * <p>Without {@code --url} it starts its own single-node KRaft broker and the service in this JVM.
 * With {@code --url http://host:port} it targets a running service (give {@code --password}).
 * See docs/benchmarks-ingest.md for the command and the figures.
 */
public final class IngestLoadGenerator {
    private static final String PATH = "/webhooks/paycaddy/notifications";
    private static final String[] TYPES = {"PeticionAutorizacion", "ComunicacionAutorizacion", "ComunicacionAnulacion",
            "TransaccionConfirmada", "TransaccionCorregidaPositiva", "TransaccionCorregidaNegativa", "PeticionDevolucion",
            "DENEGADA. INCORRECTO CVV2", "NO HAY FONDOS"};
    /** Roughly an issuer's day: mostly authorizations and their settlements, some reversals and declines. */
    private static final int[] TYPE_WEIGHTS = {45, 8, 5, 25, 3, 2, 2, 5, 5};
    private static final String[] MERCHANTS = {"AMZN Mktp ES Amazon.ES", "MERCADONA 4471 VALENCIA", "UBER *TRIP HELP.UBER.COM",
            "SHELL 0932 PANAMA", "NETFLIX.COM 866-579-7172", "CAFE DE LA ESQUINA"};

    private final String host;
    private final int port;
    private final List<byte[]> requests;

    private IngestLoadGenerator(String host, int port, List<byte[]> requests) {
        this.host = host;
        this.port = port;
        this.requests = requests;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Duration warmup = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("warmup", "20")));
        Duration duration = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("duration", "30")));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "2000"));
        int[] connectionCounts = java.util.Arrays.stream(opts.getOrDefault("connections", "32,64").split(","))
                .mapToInt(Integer::parseInt).toArray();
        String password = opts.getOrDefault("password", "bench-password");
        Map<String, Long> processes = processes(opts.getOrDefault("pids", ""));

        ConfigurableApplicationContext app = null;
        EmbeddedKafkaKraftBroker broker = null;
        URI target;
        if (opts.containsKey("url")) {
            target = URI.create(opts.get("url"));
        } else {
            broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.afterPropertiesSet();
            app = SpringApplication.run(WebhookIngestApplication.class,
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--cardledger.ingest.webhook-password=" + password,
                    "--logging.level.root=WARN", "--logging.level.io.cardledger=INFO");
            target = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
            System.out.printf("started broker %s and webhook-ingest on %s in this JVM%n", broker.getBrokersAsString(), target);
        }

        IngestLoadGenerator generator = new IngestLoadGenerator(target.getHost(), target.getPort(), requests(password, target));
        try {
            System.out.printf("warm-up: %d s closed loop, %d connections%n", warmup.toSeconds(), connectionCounts[0]);
            generator.closedLoop(connectionCounts[0], warmup);
            for (int connections : connectionCounts) {
                String loadBefore = loadAverage();
                Map<String, Long> processesBefore = processCpuNanos(processes);
                long cpuBefore = processCpuNanos();
                Map<String, Long> threadsBefore = threadCpuByRole();
                Result r = generator.closedLoop(connections, duration);
                long cpuPerRequestMicros = r.accepted == 0 ? 0 : (processCpuNanos() - cpuBefore) / 1000 / r.accepted;
                long cpuTotal = processCpuNanos() - cpuBefore;
                System.out.printf("MAX     connections=%d duration=%ds accepted=%d (%.0f/s) errors=%d p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms cpu/request=%dus (this JVM)%n",
                        connections, duration.toSeconds(), r.accepted, r.perSecond(), r.errors,
                        ms(r.latency.getValueAtPercentile(50)), ms(r.latency.getValueAtPercentile(99)),
                        ms(r.latency.getValueAtPercentile(99.9)), ms(r.latency.getMaxValue()), cpuPerRequestMicros);
                printCpuByRole(threadsBefore, threadCpuByRole(), cpuTotal, r.accepted);
                printCpuByProcess(processesBefore, processCpuNanos(processes), cpuTotal, r.accepted);
                System.out.printf("LOAD    %s -> %s%n", loadBefore, loadAverage());
            }
            String loadBefore = loadAverage();
            Map<String, Long> processesBefore = processCpuNanos(processes);
            long cpuBefore = processCpuNanos();
            Map<String, Double> scrapeBefore = scrape(target);
            Result fixed = generator.openLoop(rate, 32, duration);
            printServicePhaseMeans(scrapeBefore, scrape(target));
            System.out.printf("FIXED   rate=%d/s scheduled-over=%ds accepted=%d (achieved %.0f/s) errors=%d mean=%.2fms p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
                    rate, duration.toSeconds(), fixed.accepted, fixed.perSecond(), fixed.errors,
                    fixed.latency.getMean() / 1e6, ms(fixed.latency.getValueAtPercentile(50)), ms(fixed.latency.getValueAtPercentile(90)),
                    ms(fixed.latency.getValueAtPercentile(99)), ms(fixed.latency.getValueAtPercentile(99.9)),
                    ms(fixed.latency.getMaxValue()));
            printCpuByProcess(processesBefore, processCpuNanos(processes), processCpuNanos() - cpuBefore, fixed.accepted);
            System.out.printf("LOAD    %s -> %s%n", loadBefore, loadAverage());
            if (app != null) {
                printServiceSideTimers(app.getBean(io.micrometer.core.instrument.MeterRegistry.class));
            }
        } finally {
            if (app != null) {
                app.close();
            }
            if (broker != null) {
                broker.destroy();
            }
        }
    }

    /** Where the time goes inside the service (whole run, warm-up included): HTTP handling vs waiting for Kafka. */
    private static void printServiceSideTimers(io.micrometer.core.instrument.MeterRegistry meters) {
        for (String name : List.of("http.server.requests", "cardledger.ingest.kafka.publish")) {
            meters.find(name).timers().forEach(t -> System.out.printf("SERVICE %s %s count=%d mean=%.2fms max(recent)=%.2fms%n",
                    name, t.getId().getTags(), t.count(), t.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                    t.max(java.util.concurrent.TimeUnit.MILLISECONDS)));
        }
    }

    private static final String HTTP_SERIES = "http_server_requests_seconds_%s{error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"" + PATH + "\"}";
    private static final String PUBLISH_SERIES = "cardledger_ingest_kafka_publish_seconds_%s{outcome=\"acknowledged\"}";

    /** The service's Prometheus series (name with labels -> value); empty when they cannot be read. */
    private static Map<String, Double> scrape(URI target) {
        Map<String, Double> series = new java.util.HashMap<>();
        try (InputStream in = target.resolve("/actuator/prometheus").toURL().openStream()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int space = line.lastIndexOf(' ');
                if (!line.startsWith("#") && space > 0) {
                    try {
                        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                    } catch (NumberFormatException e) {
                        // not a sample line
                    }
                }
            }
        } catch (IOException e) {
            System.out.println("SERVICE metrics not readable: " + e);
        }
        return series;
    }

    /**
     * The service's own means over the phase: its request time (first byte read to answer written)
     * and the Kafka acknowledgement wait inside it, next to the generator's figures; plus the
     * producer's windowed gauges (time a record waits in the accumulator, broker round trip, batching).
     */
    private static void printServicePhaseMeans(Map<String, Double> before, Map<String, Double> after) {
        StringBuilder line = new StringBuilder("SERVICE phase means:");
        for (String[] timer : new String[][]{{"request", HTTP_SERIES}, {"kafka-ack", PUBLISH_SERIES}}) {
            String count = String.format(timer[1], "count");
            String sum = String.format(timer[1], "sum");
            double n = after.getOrDefault(count, 0.0) - before.getOrDefault(count, 0.0);
            if (n > 0) {
                line.append(String.format(" %s=%.2fms", timer[0], (after.get(sum) - before.getOrDefault(sum, 0.0)) / n * 1000));
            }
        }
        after.entrySet().stream()
                .filter(e -> e.getKey().matches("kafka_producer_(record_queue_time_avg|request_latency_avg|records_per_request_avg|batch_size_avg)\\{.*"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> line.append(String.format(" %s=%.2f", e.getKey().substring("kafka_producer_".length(), e.getKey().indexOf('{')), e.getValue())));
        System.out.println(line);
    }

    /** @param elapsedNanos wall time from the first scheduled request to the last answer */
    private record Result(long accepted, long errors, Histogram latency, long elapsedNanos) {
        double perSecond() {
            return accepted / (elapsedNanos / 1e9);
        }
    }

    /** Every connection sends its next request as soon as the previous answer arrived. */
    private Result closedLoop(int connections, Duration duration) throws InterruptedException {
        Recorder latency = new Recorder(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            int offset = c;
            startThread(() -> {
                try (Connection connection = new Connection(host, port)) {
                    int i = offset * 997;
                    while (System.nanoTime() < end) {
                        long started = System.nanoTime();
                        int status = connection.exchange(requests.get(i++ % requests.size()));
                        latency.recordValue(System.nanoTime() - started);
                        (status == 200 ? accepted : errors).incrementAndGet();
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                    System.err.println("connection failed: " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        Thread.sleep(100); // lets the finished threads add their CPU time to GENERATOR_CPU
        return new Result(accepted.get(), errors.get(), latency.getIntervalHistogram(), duration.toNanos());
    }

    /**
     * Requests start on a fixed schedule (request n at start + n / rate) whatever the answers do;
     * latency counts from the scheduled start, so a slow answer also charges the requests queued behind it.
     */
    private Result openLoop(int rate, int connections, Duration duration) throws InterruptedException {
        Recorder latency = new Recorder(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long total = rate * duration.toSeconds();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        long startWallMillis = System.currentTimeMillis() + 50;
        Timeline timeline = new Timeline((int) duration.toSeconds() + 1);
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            startThread(() -> {
                try (Connection connection = new Connection(host, port)) {
                    long n;
                    while ((n = next.getAndIncrement()) < total) {
                        long scheduled = start + n * intervalNanos;
                        long wait;
                        while ((wait = scheduled - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        int status = connection.exchange(requests.get((int) (n % requests.size())));
                        long took = System.nanoTime() - scheduled;
                        latency.recordValue(took);
                        timeline.record((int) (n / rate), n, took);
                        (status == 200 ? accepted : errors).incrementAndGet();
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                    System.err.println("connection failed: " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        Thread.sleep(100); // lets the finished threads add their CPU time to GENERATOR_CPU
        timeline.print(startWallMillis, intervalNanos);
        return new Result(accepted.get(), errors.get(), latency.getIntervalHistogram(), duration.toNanos());
    }

    /**
     * Per second of the schedule: requests, how many took over 25 ms, the slowest and the wall-clock
     * time it was scheduled for (to line up with GC, safepoint, broker and vmstat logs).
     */
    private static final class Timeline {
        private static final long SLOW_NANOS = 25_000_000L;
        private final long[] count;
        private final long[] slow;
        private final long[] max;
        private final long[] worst;

        Timeline(int seconds) {
            count = new long[seconds];
            slow = new long[seconds];
            max = new long[seconds];
            worst = new long[seconds];
        }

        synchronized void record(int second, long n, long nanos) {
            count[second]++;
            if (nanos > SLOW_NANOS) {
                slow[second]++;
            }
            if (nanos > max[second]) {
                max[second] = nanos;
                worst[second] = n;
            }
        }

        synchronized void print(long startWallMillis, long intervalNanos) {
            var format = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(java.time.ZoneId.systemDefault());
            for (int s = 0; s < count.length; s++) {
                if (count[s] == 0) {
                    continue;
                }
                long worstAt = startWallMillis + worst[s] * intervalNanos / 1_000_000L;
                System.out.printf("SECOND  %2d n=%d over25ms=%d max=%.1fms (scheduled %s)%n", s, count[s], slow[s], ms(max[s]),
                        format.format(java.time.Instant.ofEpochMilli(worstAt)));
            }
        }
    }

    /** 20,000 distinct notifications over 2,000 cards, each a complete HTTP/1.1 request. */
    private static List<byte[]> requests(String password, URI target) {
        ObjectMapper json = new ObjectMapper();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int weightSum = java.util.Arrays.stream(TYPE_WEIGHTS).sum();
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int pick = random.nextInt(weightSum);
            int t = 0;
            while (pick >= TYPE_WEIGHTS[t]) {
                pick -= TYPE_WEIGHTS[t++];
            }
            boolean decline = t >= 7;
            ObjectNode body = json.createObjectNode();
            body.put("password", password);
            body.put("c1Tipo", TYPES[t]);
            body.put("c2CardId", "bench-card-" + random.nextInt(2_000));
            body.put("c3CodigoProceso", random.nextInt(50) == 0 ? "820000" : "000000");
            body.put("c4ImporteTransaccion", String.format("%012d", random.nextLong(100, 250_000)));
            body.put("c7FechaHoraTransaccion", "20260721" + String.format("%06d", random.nextInt(235959)));
            body.put("BDateUtcCreate", "20260721" + String.format("%06d", random.nextInt(235959)));
            body.put("c11NumeroIdentificativoTransaccion", decline ? "" : String.format("%09d", i));
            body.put("c18CodigoActividadEstablecimiento", "5999");
            body.put("c19CodigoPaisAdquirente", "724");
            body.put("c38NumeroAutorizacion", decline ? "" : String.format("%06d", random.nextInt(999_999)));
            body.put("c41TerminalId", String.format("%08d", random.nextInt(99_999_999)));
            body.put("c42Comercio", String.format("%015d", random.nextLong(999_999_999_999_999L)));
            body.put("c43IdentificadorComercio", MERCHANTS[random.nextInt(MERCHANTS.length)]);
            byte[] content = body.toString().getBytes(StandardCharsets.UTF_8);
            String head = "POST " + PATH + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[headBytes.length + content.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(content, 0, request, headBytes.length, content.length);
            requests.add(request);
        }
        return requests;
    }

    /** CPU used by generator threads that have finished (they are gone before the next snapshot). */
    private static final AtomicLong GENERATOR_CPU = new AtomicLong();

    private static void startThread(Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } finally {
                GENERATOR_CPU.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            }
        }, "load");
        thread.setDaemon(true);
        thread.start();
    }

    /** CPU time of this whole JVM: generator, and in the default mode also the service and the broker. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time of this JVM's Java threads summed by role (thread-name prefix), so the service's own
     * cost can be told apart from the in-process broker's and the generator's. JIT compiler and GC
     * threads are not visible to ThreadMXBean: they are what remains of the process total.
     */
    private static Map<String, Long> threadCpuByRole() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byRole = new java.util.TreeMap<>();
        byRole.put("generator", GENERATOR_CPU.get());
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                byRole.merge(role(info.getThreadName()), cpu, Long::sum);
            }
        }
        return byRole;
    }

    private static String role(String thread) {
        if (thread.startsWith("load")) {
            return "generator";
        }
        if (thread.startsWith("http-nio") || thread.startsWith("tomcat")) {
            return "service: tomcat";
        }
        if (thread.startsWith("kafka-producer-network-thread")) {
            return "service: producer I/O";
        }
        if (thread.startsWith("Catalina") || thread.startsWith("CompletableFutureDelayScheduler")) {
            return "service: other";
        }
        return "broker/other";
    }

    private static void printCpuByRole(Map<String, Long> before, Map<String, Long> after, long processTotal, long accepted) {
        if (accepted == 0) {
            return;
        }
        long javaThreads = 0;
        StringBuilder line = new StringBuilder("CPU/req ");
        for (Map.Entry<String, Long> e : after.entrySet()) {
            // A thread that ended between the snapshots loses its time to "jit+gc+ended threads".
            long delta = Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
            javaThreads += delta;
            line.append(String.format("%s=%dus ", e.getKey(), delta / 1000 / accepted));
        }
        line.append(String.format("jit+gc+ended threads=%dus", Math.max(0, processTotal - javaThreads) / 1000 / accepted));
        System.out.println(line);
    }

    /** {@code --pids=service:1234,broker:5678}: other processes (same machine) whose CPU time is reported per request. */
    private static Map<String, Long> processes(String spec) {
        Map<String, Long> byName = new java.util.LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (!entry.isBlank()) {
                String[] nameAndPid = entry.split(":");
                byName.put(nameAndPid[0], Long.parseLong(nameAndPid[1]));
            }
        }
        return byName;
    }

    /** utime + stime of each process from /proc/PID/stat (all its threads, JIT and GC included). */
    private static Map<String, Long> processCpuNanos(Map<String, Long> processes) {
        Map<String, Long> cpu = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Long> p : processes.entrySet()) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.getValue() + "/stat"));
                // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long userTicks = Long.parseLong(f[11]);
                long systemTicks = Long.parseLong(f[12]);
                cpu.put(p.getKey(), (userTicks + systemTicks) * (1_000_000_000L / CLOCK_TICKS_PER_SECOND));
                cpu.put(p.getKey() + SYSTEM, systemTicks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND));
                cpu.put(p.getKey() + SWITCHES, contextSwitches(p.getValue()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the CPU time of " + p, e);
            }
        }
        return cpu;
    }

    private static final String SYSTEM = " kernel";
    private static final String SWITCHES = " switches";

    /** Context switches (voluntary + involuntary) summed over the process's live threads: each thread hand-off costs one. */
    private static long contextSwitches(long pid) {
        long switches = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    for (String line : java.nio.file.Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException e) {
                    // the thread ended while listing
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return switches;
    }

    /** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private static void printCpuByProcess(Map<String, Long> before, Map<String, Long> after, long generatorNanos, long accepted) {
        if (accepted == 0 || after.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("CPU/req by process: ");
        long total = generatorNanos;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (e.getKey().endsWith(SYSTEM) || e.getKey().endsWith(SWITCHES)) {
                continue;
            }
            long delta = e.getValue() - before.get(e.getKey());
            long system = after.get(e.getKey() + SYSTEM) - before.get(e.getKey() + SYSTEM);
            long switches = after.get(e.getKey() + SWITCHES) - before.get(e.getKey() + SWITCHES);
            total += delta;
            line.append(String.format("%s=%dus (kernel %dus, %.1f context switches) ", e.getKey(), delta / 1000 / accepted,
                    system / 1000 / accepted, (double) switches / accepted));
        }
        line.append(String.format("generator=%dus total=%dus", generatorNanos / 1000 / accepted, total / 1000 / accepted));
        System.out.println(line);
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return "load " + f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "load ?";
        }
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, got " + arg
                        + " (known: --url, --password, --pids=service:PID,broker:PID, --connections=32,64, --rate=2000, --warmup=20, --duration=30)");
            }
            opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return opts;
    }

    /**
     * One keep-alive HTTP/1.1 connection; reconnects when the server closes it. The request is
     * written with one socket write and the response parsed straight from a byte buffer (status,
     * Content-Length, chunked, Connection: close), so the generator's own CPU stays small next to
     * the service it measures.
     */
    private static final class Connection implements AutoCloseable {
        private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] CONNECTION = "connection:".getBytes(StandardCharsets.US_ASCII);
        private final String host;
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final byte[] buf = new byte[16 * 1024];
        /** Unparsed bytes are buf[pos, limit). */
        private int pos;
        private int limit;

        Connection(String host, int port) throws IOException {
            this.host = host;
            this.port = port;
            open();
        }

        private void open() throws IOException {
            if (socket != null) {
                socket.close();
            }
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            pos = 0;
            limit = 0;
        }

        /** Sends one request and reads the whole response; returns its status. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            int lineEnd = lineEnd();
            if (lineEnd < 0) {
                // The server closed an idle keep-alive connection: send again on a fresh one.
                open();
                return exchange(request);
            }
            // "HTTP/1.1 200 OK"
            int status = (buf[pos + 9] - '0') * 100 + (buf[pos + 10] - '0') * 10 + (buf[pos + 11] - '0');
            pos = lineEnd;
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            while ((lineEnd = lineEnd()) >= 0 && lineEnd - pos > 2) {
                if (startsWithIgnoreCase(CONTENT_LENGTH)) {
                    length = number(pos + CONTENT_LENGTH.length, lineEnd, 10);
                } else if (startsWithIgnoreCase(TRANSFER_ENCODING)) {
                    chunked = contains(lineEnd, "chunked");
                } else if (startsWithIgnoreCase(CONNECTION)) {
                    close = contains(lineEnd, "close");
                }
                pos = lineEnd;
            }
            if (lineEnd < 0) {
                throw new IOException("connection closed inside the response headers");
            }
            pos = lineEnd;
            if (chunked) {
                while (true) {
                    int end = requireLineEnd(); // may move pos: read it afterwards
                    long size = number(pos, end, 16);
                    pos = end;
                    if (size == 0) {
                        break;
                    }
                    skip(size);
                    pos = requireLineEnd();
                }
                pos = requireLineEnd(); // the empty line after the last chunk
            } else if (length > 0) {
                skip(length);
            }
            if (close) {
                open();
            }
            return status;
        }

        /** Index just past the next "\n" from pos, reading more as needed; -1 at end of stream. */
        private int lineEnd() throws IOException {
            int scanned = pos;
            while (true) {
                for (int i = scanned; i < limit; i++) {
                    if (buf[i] == '\n') {
                        return i + 1;
                    }
                }
                scanned = limit;
                if (!fill()) {
                    return -1;
                }
                scanned -= compactedBy;
            }
        }

        private int requireLineEnd() throws IOException {
            int end = lineEnd();
            if (end < 0) {
                throw new IOException("connection closed inside a chunked body");
            }
            return end;
        }

        private int compactedBy;

        /** Moves the unparsed bytes to the front and reads more; false at end of stream. */
        private boolean fill() throws IOException {
            compactedBy = pos;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                throw new IOException("response header line longer than " + buf.length + " bytes");
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n <= 0) {
                return false;
            }
            limit += n;
            return true;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                if (pos == limit && !fill()) {
                    throw new IOException("connection closed inside a response body");
                }
                int step = (int) Math.min(n, limit - pos);
                pos += step;
                n -= step;
            }
        }

        private boolean startsWithIgnoreCase(byte[] prefix) {
            if (limit - pos < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if ((buf[pos + i] | 0x20) != prefix[i] && buf[pos + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private boolean contains(int end, String word) {
            return new String(buf, pos, end - pos, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT).contains(word);
        }

        /** A number in the given radix from [from, end), skipping spaces and stopping at the first non-digit. */
        private long number(int from, int end, int radix) {
            long value = 0;
            int i = from;
            while (i < end && buf[i] == ' ') {
                i++;
            }
            for (; i < end; i++) {
                int digit = Character.digit(buf[i], radix);
                if (digit < 0) {
                    break;
                }
                value = value * radix + digit;
            }
            return value;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
