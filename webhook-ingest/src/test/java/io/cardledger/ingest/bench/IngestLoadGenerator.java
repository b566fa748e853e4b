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

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
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
            }
            Result fixed = generator.openLoop(rate, 32, duration);
            System.out.printf("FIXED   rate=%d/s scheduled-over=%ds accepted=%d (achieved %.0f/s) errors=%d p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
                    rate, duration.toSeconds(), fixed.accepted, fixed.perSecond(), fixed.errors,
                    ms(fixed.latency.getValueAtPercentile(50)), ms(fixed.latency.getValueAtPercentile(90)),
                    ms(fixed.latency.getValueAtPercentile(99)), ms(fixed.latency.getValueAtPercentile(99.9)),
                    ms(fixed.latency.getMaxValue()));
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
                        latency.recordValue(System.nanoTime() - scheduled);
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

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, got " + arg
                        + " (known: --url, --password, --connections=32,64, --rate=2000, --warmup=20, --duration=30)");
            }
            opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return opts;
    }

    /** One keep-alive HTTP/1.1 connection; reconnects when the server closes it. */
    private static final class Connection implements AutoCloseable {
        private final String host;
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

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
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        /** Sends one request and reads the whole response; returns its status. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            if (statusLine == null) {
                // The server closed an idle keep-alive connection: send again on a fresh one.
                open();
                return exchange(request);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String header;
            while ((header = line()) != null && !header.isEmpty()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(line().trim(), 16)) > 0) {
                    in.skipNBytes(size);
                    line();
                }
                line();
            } else if (length > 0) {
                in.skipNBytes(length);
            }
            if (close) {
                open();
            }
            return status;
        }

        private final StringBuilder line = new StringBuilder(128);

        private String line() throws IOException {
            line.setLength(0);
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    int n = line.length();
                    return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
                }
                line.append((char) b);
            }
            return line.length() == 0 ? null : line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
