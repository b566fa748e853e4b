package io.cardledger.projection.read.balance;

import io.cardledger.events.wallet.WalletMovement;
import io.cardledger.events.wallet.WalletRegistered;
import io.cardledger.projection.consume.AppliedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The writer's half of the in-memory balance copies ({@link BalanceCache}): inside the transaction
 * that wrote {@code wallet_balance}, send the rows as they now stand on {@link #CHANNEL}. PostgreSQL
 * delivers a notification only if and when its transaction commits, to every listening session of
 * the database, in commit order; so every instance's copy sees exactly the committed rows, whoever
 * wrote them.
 */
public final class BalanceNotifications {
    public static final String CHANNEL = "cardledger_wallet_balance";

    /** The columns {@link BalanceChangeFeed#view} reads, in this order. */
    static final String ROW = "json_build_array(wallet_id, user_id, currency, wallet_type, available_minor, withheld_minor, "
            + "total_minor, last_event_at, last_sequence, registered_at)::text";

    /**
     * One notification per ~4 kB of rows (PostgreSQL refuses payloads of 8,000 bytes or more). A row
     * whose text is over 3,000 bytes (an absurd id) goes as {@code "*"}: listeners empty their copy.
     */
    private static final String NOTIFY = """
            SELECT pg_notify('%s', string_agg(r, ','))
            FROM (SELECT r, sum(octet_length(r) + 1) OVER (ORDER BY wallet_id) / 4000 AS chunk
                  FROM (SELECT wallet_id, CASE WHEN octet_length(j) <= 3000 THEN j ELSE '"*"' END AS r
                        FROM (SELECT wallet_id, %s AS j FROM wallet_balance WHERE wallet_id = ANY (?)) a) b) c
            GROUP BY chunk""".formatted(CHANNEL, ROW);

    private BalanceNotifications() {
    }

    /** The wallets whose {@code wallet_balance} row these events write. */
    public static Collection<String> walletsWrittenBy(List<AppliedEvent> applied) {
        TreeSet<String> wallets = new TreeSet<>();
        for (AppliedEvent e : applied) {
            if (e.event() instanceof WalletRegistered r) {
                wallets.add(r.walletId());
            } else if (e.event() instanceof WalletMovement m && m.balanceAfter() != null) {
                wallets.add(m.walletId());
            }
        }
        return wallets;
    }

    /** Inside the writing transaction, after the writes: sends those wallets' rows as they will commit. */
    public static void rowsWritten(JdbcTemplate jdbc, Collection<String> walletIds) {
        if (walletIds.isEmpty()) {
            return;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement(NOTIFY);
            Array ids = con.createArrayOf("text", walletIds.toArray());
            ps.setArray(1, ids);
            return ps;
        }, rs -> {
        });
    }

    /** Inside a transaction that replaces the table (a rebuild's switch-over): every copy starts over at commit. */
    public static void everyRowReplaced(JdbcTemplate jdbc) {
        jdbc.query("SELECT pg_notify(?, ?)", rs -> {
        }, CHANNEL, "\"*\"");
    }
}
