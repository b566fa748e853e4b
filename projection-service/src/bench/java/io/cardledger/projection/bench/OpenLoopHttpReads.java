package io.cardledger.projection.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A deliberately small HTTP/1.1 GET load generator for the read benchmark: one plain blocking
 * socket per worker, kept alive, requests pre-rendered as bytes, responses parsed just enough to
 * find their end (Content-Length or chunked) and their status. {@code java.net.http.HttpClient}
 * spent more CPU per request than the endpoint under test, and on a 2-core machine the load tool's
 * CPU is taken from the service.
 *
 * <p>Open loop: request {@code i} is due at {@code start + i / rate}; a worker claims the next slot,
 * sleeps until it is due, sends it and counts latency from the due time, not from the send. If all
 * connections are busy the request waits for one, and that wait is in its latency (no coordinated
 * omission), as long as there are enough connections for the backlog to drain.
 */
final class OpenLoopHttpReads {
    private final InetSocketAddress address;
    private final int connections;

    OpenLoopHttpReads(InetSocketAddress address, int connections) {
        this.address = address;
        this.connections = connections;
    }

    record Result(long[] nanos, int errors, double ratePerSecond, long statusCounts200) {
    }

    /** {@code requests} are complete HTTP/1.1 requests; slot {@code i} sends {@code requests[i % n]}. */
    Result run(List<byte[]> requests, int rate, int durationSeconds, AtomicBoolean stop) throws InterruptedException {
        int total = rate * durationSeconds;
        long[] latencies = new long[total];
        AtomicInteger nextSlot = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long intervalNanos = 1_000_000_000L / rate;
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        for (int t = 0; t < connections; t++) {
            workers.submit(() -> {
                Connection connection = null;
                int slot;
                while ((slot = nextSlot.getAndIncrement()) < total && !stop.get()) {
                    long due = start + slot * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (connection == null) {
                            connection = new Connection(address);
                        }
                        int status = connection.exchange(requests.get(slot % requests.size()));
                        if (status == 200) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        if (connection.closed) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        if (connection != null) {
                            connection.close();
                            connection = null;
                        }
                    }
                    latencies[slot] = System.nanoTime() - due;
                }
                if (connection != null) {
                    connection.close();
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(durationSeconds + 120L, TimeUnit.SECONDS);
        int done = Math.min(nextSlot.get(), total);
        return new Result(Arrays.copyOf(latencies, done), errors.get(), (double) done / durationSeconds, ok.get());
    }

    static byte[] get(String path, String host, String bearerToken) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + bearerToken
                + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One keep-alive connection; the server may close it (Tomcat does after max-keep-alive-requests). */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] line = new byte[8192];
        private final byte[] skip = new byte[8192];
        boolean closed;

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.connect(address, 2_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            int n = readLine();
            // "HTTP/1.1 200 ..."
            if (n < 12 || line[0] != 'H') {
                throw new IOException("not an HTTP status line");
            }
            int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
            long contentLength = -1;
            boolean chunked = false;
            while ((n = readLine()) > 0) {
                String header = new String(line, 0, n, StandardCharsets.US_ASCII);
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    closed = true;
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(new String(line, 0, readLine(), StandardCharsets.US_ASCII).split(";")[0].trim(), 16)) > 0) {
                    skipFully(size);
                    readLine();
                }
                while (readLine() > 0) {
                    // trailers
                }
            } else if (contentLength > 0) {
                skipFully(contentLength);
            }
            return status;
        }

        /** Reads one CRLF-terminated line into {@link #line}; returns its length without the CRLF. */
        private int readLine() throws IOException {
            int n = 0;
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (n < line.length) {
                    line[n++] = (byte) b;
                }
            }
            return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
        }

        private void skipFully(long bytes) throws IOException {
            while (bytes > 0) {
                int r = in.read(skip, 0, (int) Math.min(skip.length, bytes));
                if (r < 0) {
                    throw new IOException("connection closed mid-body");
                }
                bytes -= r;
            }
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
