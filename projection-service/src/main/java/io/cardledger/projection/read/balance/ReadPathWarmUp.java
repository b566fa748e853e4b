package io.cardledger.projection.read.balance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the balance read path through the JIT before the instance reports ready: balance reads of
 * existing wallets (and one unknown id) over loopback HTTP, through Tomcat, the filters and the
 * endpoint exactly as callers reach them. Spring Boot reports readiness (and, with the probes on,
 * {@code /actuator/health} UP) only after application runners return, so callers meet compiled
 * code rather than the interpreter and a busy compiler. Reads only; nothing is written. These
 * requests are counted in {@code http.server.requests} like any other.
 *
 * <p>At most {@code cardledger.projection.warm-up.requests} reads and
 * {@code cardledger.projection.warm-up.max-seconds}; {@code requests=0} turns it off.
 */
@Component
class ReadPathWarmUp implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(ReadPathWarmUp.class);

    private final ApplicationContext context;
    private final JdbcTemplate jdbc;
    private final int requests;
    /** Readiness waits at most this long for the warm-up (a slow or crowded machine). */
    private final long maxNanos;
    private final String token;

    ReadPathWarmUp(ApplicationContext context, JdbcTemplate jdbc,
                   @Value("${cardledger.projection.warm-up.requests:0}") int requests,
                   @Value("${cardledger.projection.warm-up.max-seconds:10}") int maxSeconds,
                   @Value("${cardledger.security.service-token:}") String token) {
        this.context = context;
        this.jdbc = jdbc;
        this.requests = requests;
        this.maxNanos = TimeUnit.SECONDS.toNanos(maxSeconds);
        this.token = token;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (requests <= 0 || token.isBlank() || !(context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
            return;
        }
        int port = web.getWebServer().getPort();
        List<String> wallets = new ArrayList<>(jdbc.queryForList("SELECT wallet_id FROM wallet_balance LIMIT 200", String.class));
        wallets.removeIf(id -> !id.chars().allMatch(c -> c > 32 && c < 127 && c != '/' && c != '%' && c != ';' && c != '?' && c != '#'));
        if (wallets.isEmpty()) {
            // A fresh database: no balance to read, and 404s through PostgreSQL warm little of the read
            // path while holding readiness back (10 s of them on the first ./ledger up).
            log.info("Read path warm-up skipped: no wallet in the read model yet");
            return;
        }
        wallets.add("warm-up-unknown-wallet");
        long started = System.nanoTime();
        int threads = 4;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "read-warm-up"));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    Loopback connection = null;
                    int i;
                    while ((i = next.getAndIncrement()) < requests && System.nanoTime() - started < maxNanos) {
                        try {
                            if (connection == null) {
                                connection = new Loopback(port);
                            }
                            sent.incrementAndGet();
                            connection.get(request(wallets.get(i % wallets.size()), port));
                            if (connection.closed) {
                                connection.close();
                                connection = null;
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                            if (connection != null) {
                                connection.close();
                                connection = null;
                            }
                        }
                    }
                    if (connection != null) {
                        connection.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        log.info("Read path warmed up: {} balance reads of {} wallets in {} ms ({} failed)", sent.get(),
                wallets.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), failed.get());
    }

    private byte[] request(String walletId, int port) {
        return ("GET /api/v1/wallets/" + walletId + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer " + token
                + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One keep-alive HTTP/1.1 connection; reads each response to its end (Content-Length). */
    private static final class Loopback {
        private final Socket socket = new Socket();
        private final OutputStream out;
        private final InputStream in;
        boolean closed;

        Loopback(int port) throws IOException {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("localhost", port), 2_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        void get(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            long length = -1;
            String line;
            boolean first = true;
            while (!(line = readLine()).isEmpty()) {
                if (first) {
                    first = false;
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    closed = true;
                }
            }
            if (length < 0) {
                // Not a response this warm-up knows how to delimit: start a new connection.
                closed = true;
                return;
            }
            for (long left = length; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
