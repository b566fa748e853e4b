package io.cardledger.projection.read.balance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

@Repository
public class WalletBalanceQuery {
    private static final String FIND = """
            SELECT wallet_id, user_id, currency, wallet_type, available_minor, withheld_minor, total_minor,
                   last_event_at, last_sequence, registered_at
            FROM wallet_balance WHERE wallet_id = ?""";

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final BalanceCache cache;

    WalletBalanceQuery(JdbcTemplate jdbc, BalanceCache cache) {
        this.jdbc = jdbc;
        this.dataSource = Objects.requireNonNull(jdbc.getDataSource());
        this.cache = cache;
    }

    /**
     * The wallet's row from this instance's in-memory copy when it may answer for the database (see
     * {@link BalanceCache}: rows exactly as committed, kept in step by every writer's notifications),
     * else from the database, whose answer then goes into the copy.
     */
    public Optional<WalletBalanceView> find(String walletId) {
        WalletBalanceView held = cache.get(walletId);
        if (held != null) {
            return Optional.of(held);
        }
        long epoch = cache.epoch();
        Optional<WalletBalanceView> read = read(walletId);
        read.ifPresent(row -> cache.offer(row, epoch));
        return read;
    }

    /**
     * One row, one statement: PostgreSQL returns it from one committed version, so it is never torn.
     *
     * <p>Plain JDBC rather than {@code JdbcTemplate.query}: this is the busiest query of the service
     * (every balance read), and the template's per-call machinery (transaction-synchronisation lookup,
     * argument setter, result extractor, column lookup by name) cost about as much as the statement.
     * Errors are still translated into Spring's {@code DataAccessException}s.
     */
    Optional<WalletBalanceView> read(String walletId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(FIND)) {
            statement.setString(1, walletId);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int type = rs.getInt(4);
                Integer walletType = rs.wasNull() ? null : type;
                return Optional.of(new WalletBalanceView(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        walletType,
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        instant(rs.getObject(8, OffsetDateTime.class)),
                        rs.getLong(9),
                        instant(rs.getObject(10, OffsetDateTime.class))));
            }
        } catch (SQLException e) {
            RuntimeException translated = jdbc.getExceptionTranslator().translate("find wallet balance", FIND, e);
            throw translated != null ? translated : new IllegalStateException(e);
        }
    }

    public boolean exists(String walletId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM wallet_balance WHERE wallet_id = ?)",
                Boolean.class, walletId));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
