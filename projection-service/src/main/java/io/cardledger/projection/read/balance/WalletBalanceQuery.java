package io.cardledger.projection.read.balance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

@Repository
public class WalletBalanceQuery {
    private final JdbcTemplate jdbc;

    WalletBalanceQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One row, one statement: PostgreSQL returns it from one committed version, so it is never torn. */
    public Optional<WalletBalanceView> find(String walletId) {
        return jdbc.query("""
                        SELECT wallet_id, user_id, currency, wallet_type, available_minor, withheld_minor, total_minor,
                               last_event_at, last_sequence, registered_at
                        FROM wallet_balance WHERE wallet_id = ?""",
                (rs, i) -> new WalletBalanceView(
                        rs.getString("wallet_id"),
                        rs.getString("user_id"),
                        rs.getString("currency"),
                        (Integer) rs.getObject("wallet_type"),
                        rs.getLong("available_minor"),
                        rs.getLong("withheld_minor"),
                        rs.getLong("total_minor"),
                        instant(rs.getObject("last_event_at", OffsetDateTime.class)),
                        rs.getLong("last_sequence"),
                        instant(rs.getObject("registered_at", OffsetDateTime.class))),
                walletId).stream().findFirst();
    }

    public boolean exists(String walletId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM wallet_balance WHERE wallet_id = ?)",
                Boolean.class, walletId));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
