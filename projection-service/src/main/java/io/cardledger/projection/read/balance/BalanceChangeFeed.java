package io.cardledger.projection.read.balance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@link BalanceCache} in step with PostgreSQL: one session of its own that {@code LISTEN}s on
 * {@link BalanceNotifications#CHANNEL} and applies, in commit order, the rows every committing poll
 * sends (its own instance's and every other instance's), or empties the copy when a rebuild switches
 * tables. Every {@code confirmMillis} it confirms the session with a round trip and, once the
 * notifications that round trip brought in are applied, lets the copy answer for {@code trust}
 * from the round trip's start. Any failure of the session distrusts and empties the copy, then the
 * feed reconnects; reads go to the database meanwhile.
 */
final class BalanceChangeFeed implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(BalanceChangeFeed.class);

    private final BalanceCache cache;
    private final String url;
    private final Properties connectionProperties;
    private final long confirmNanos;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean running = true;
    private volatile Connection connection;

    BalanceChangeFeed(BalanceCache cache, String url, String user, String password, long confirmMillis) {
        this.cache = cache;
        this.url = url;
        this.confirmNanos = TimeUnit.MILLISECONDS.toNanos(confirmMillis);
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "projection-balance-feed");
        // A session that stops answering must fail, not hang: the copy is only trusted while it answers.
        p.setProperty("socketTimeout", "10");
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        this.connectionProperties = p;
    }

    @Override
    public void run() {
        long backoffMillis = 100;
        while (running) {
            try (Connection c = DriverManager.getConnection(url, connectionProperties)) {
                connection = c;
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + BalanceNotifications.CHANNEL);
                }
                // Rows readers read before LISTEN took effect may have missed a notification: none is kept.
                cache.clear();
                PGConnection pg = c.unwrap(PGConnection.class);
                log.info("Balance change feed listening; balance reads may be answered from memory");
                backoffMillis = 100;
                follow(c, pg);
            } catch (SQLException | RuntimeException e) {
                cache.distrust();
                if (running) {
                    log.warn("Balance change feed lost ({}); balance reads go to the database until it is back", e.toString());
                    sleep(backoffMillis);
                    backoffMillis = Math.min(5_000, backoffMillis * 2);
                }
            } finally {
                connection = null;
            }
        }
        cache.distrust();
    }

    private void follow(Connection c, PGConnection pg) throws SQLException {
        try (Statement confirm = c.createStatement()) {
            while (running) {
                long started = System.nanoTime();
                // Notifications of every transaction that committed before this round trip arrive
                // with or before its answer (PostgreSQL sends them before ReadyForQuery).
                confirm.execute("SELECT 1");
                apply(pg.getNotifications());
                cache.trustUntil(started);
                long next = started + confirmNanos;
                for (long left = next - System.nanoTime(); left > 0 && running; left = next - System.nanoTime()) {
                    apply(pg.getNotifications((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
                }
            }
        }
    }

    private void apply(PGNotification[] notifications) {
        if (notifications == null) {
            return;
        }
        for (PGNotification n : notifications) {
            if (!BalanceNotifications.CHANNEL.equals(n.getName())) {
                continue;
            }
            try {
                for (JsonNode row : json.readTree("[" + n.getParameter() + "]")) {
                    if (row.isArray() && row.size() == 10) {
                        cache.committed(view(row));
                    } else {
                        // "*": a rebuild switched tables, or a row too long to send whole.
                        cache.clear();
                    }
                }
            } catch (Exception e) {
                // Never guess: a change we cannot read may be any wallet's.
                log.warn("Unreadable balance notification; emptying the in-memory copy: {}", e.toString());
                cache.clear();
            }
        }
    }

    /** The row as {@code json_build_array} wrote it, in {@link BalanceNotifications#ROW}'s column order. */
    static WalletBalanceView view(JsonNode r) {
        return new WalletBalanceView(
                text(r.get(0)),
                text(r.get(1)),
                text(r.get(2)),
                r.get(3).isNull() ? null : r.get(3).intValue(),
                r.get(4).longValue(),
                r.get(5).longValue(),
                r.get(6).longValue(),
                instant(r.get(7)),
                r.get(8).longValue(),
                instant(r.get(9)));
    }

    private static String text(JsonNode n) {
        return n.isNull() ? null : n.textValue();
    }

    private static Instant instant(JsonNode n) {
        return n.isNull() ? null : OffsetDateTime.parse(n.textValue()).toInstant();
    }

    void stop() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // stopping anyway
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
