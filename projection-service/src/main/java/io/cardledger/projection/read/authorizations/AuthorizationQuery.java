package io.cardledger.projection.read.authorizations;

import io.cardledger.projection.api.Paging;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

@Repository
class AuthorizationQuery {
    // Corrected = a TransaccionCorregida… settled it; read from the history rather than stored, so
    // it can never disagree with the steps shown.
    private static final String SELECT = """
            SELECT a.*, w.currency,
                   EXISTS (SELECT 1 FROM authorization_history h WHERE h.card_id = a.card_id AND h.transaction_id = a.transaction_id
                           AND h.kind IN ('CORRECTION_POSITIVE', 'CORRECTION_NEGATIVE')) AS corrected
            FROM card_authorization a LEFT JOIN wallet_balance w ON w.wallet_id = a.wallet_id
            """;

    private final JdbcTemplate jdbc;

    AuthorizationQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean cardKnown(String cardId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM card WHERE card_id = ?) OR EXISTS (SELECT 1 FROM card_authorization WHERE card_id = ?)
                """, Boolean.class, cardId, cardId));
    }

    AuthorizationPage list(String cardId, String status, Paging paging) {
        List<Object> args = new ArrayList<>(List.of(cardId));
        String where = " WHERE a.card_id = ?";
        if (status != null) {
            where += " AND a.status = ?";
            args.add(status);
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM card_authorization a" + where, Long.class, args.toArray());
        long totalItems = total == null ? 0 : total;
        args.add(paging.size());
        args.add(paging.offset());
        List<AuthorizationSummary> items = jdbc.query(SELECT + where + " ORDER BY a.last_recorded_at DESC, a.transaction_id LIMIT ? OFFSET ?",
                (rs, i) -> summary(rs), args.toArray());
        return new AuthorizationPage(cardId, items, paging.page(), paging.size(), totalItems, paging.totalPages(totalItems));
    }

    Optional<AuthorizationSummary> find(String cardId, String transactionId) {
        return jdbc.query(SELECT + " WHERE a.card_id = ? AND a.transaction_id = ?", (rs, i) -> summary(rs), cardId, transactionId)
                .stream().findFirst()
                .map(a -> a.withHistory(jdbc.query("""
                                SELECT * FROM authorization_history WHERE card_id = ? AND transaction_id = ? ORDER BY sequence""",
                        (rs, i) -> step(rs), cardId, transactionId)));
    }

    private static AuthorizationSummary summary(ResultSet rs) throws SQLException {
        return new AuthorizationSummary(
                rs.getString("card_id"),
                rs.getString("transaction_id"),
                rs.getString("wallet_id"),
                rs.getString("currency"),
                rs.getString("status"),
                rs.getLong("authorized_minor"),
                rs.getLong("held_minor"),
                rs.getLong("settled_minor"),
                rs.getInt("modifications"),
                rs.getBoolean("corrected"),
                rs.getString("authorization_code"),
                rs.getString("merchant_name"),
                rs.getString("merchant_id"),
                rs.getString("merchant_category"),
                rs.getString("first_notification_type"),
                rs.getString("last_notification_type"),
                rs.getObject("local_transaction_time", LocalDateTime.class),
                instant(rs.getObject("first_recorded_at", OffsetDateTime.class)),
                instant(rs.getObject("last_recorded_at", OffsetDateTime.class)),
                null);
    }

    private static AuthorizationSummary.Step step(ResultSet rs) throws SQLException {
        Array flags = rs.getArray("flags");
        return new AuthorizationSummary.Step(
                rs.getLong("sequence"),
                rs.getString("movement_id"),
                rs.getString("notification_id"),
                rs.getString("notification_type"),
                rs.getString("kind"),
                rs.getLong("amount_minor"),
                rs.getLong("available_delta_minor"),
                rs.getLong("withheld_delta_minor"),
                rs.getString("status_after"),
                rs.getLong("authorized_minor"),
                rs.getLong("held_minor"),
                rs.getLong("settled_minor"),
                rs.getInt("modifications"),
                flags == null ? List.of() : Arrays.asList((String[]) flags.getArray()),
                rs.getInt("rulebook_version"),
                instant(rs.getObject("recorded_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
