package io.cardledger.projection.read.transactions;

import io.cardledger.events.card.Issuers;
import io.cardledger.projection.api.Paging;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

@Repository
class TransactionQuery {
    // For a settlement, correction or reversal: the first authorization (or advice) line with the
    // same (cardId, c11) in this wallet, i.e. what the issuer's batch message refers to.
    private static final String ORIGINAL = """
            LEFT JOIN LATERAL (
                SELECT o.sequence, o.movement_id, o.transaction_time, o.amount_minor
                FROM wallet_transaction o
                WHERE t.transaction_id <> '' AND t.kind NOT IN ('AUTHORIZATION', 'ADVICE')
                  AND o.wallet_id = t.wallet_id AND o.card_id = t.card_id AND o.transaction_id = t.transaction_id
                  AND o.transaction_id <> '' AND o.kind IN ('AUTHORIZATION', 'ADVICE')
                ORDER BY o.sequence LIMIT 1) o ON true
            """;

    // Issue 21: the chargeback of the line's transaction (card + c11), if any.
    private static final String CHARGEBACK = """
            LEFT JOIN card_chargeback cb ON t.transaction_id <> '' AND cb.card_id = t.card_id
                AND cb.transaction_id = t.transaction_id
            """;

    private final JdbcTemplate jdbc;

    TransactionQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    TransactionPage find(String walletId, TransactionFilter filter, Paging paging) {
        List<Object> args = new ArrayList<>();
        String where = where(walletId, filter, args);
        Long total = jdbc.queryForObject("SELECT count(*) FROM wallet_transaction t " + where, Long.class, args.toArray());
        long totalItems = total == null ? 0 : total;
        List<TransactionLine> items = List.of();
        if (paging.offset() < totalItems) {
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(paging.size());
            pageArgs.add(paging.offset());
            items = jdbc.query("""
                            SELECT t.*, o.sequence AS o_sequence, o.movement_id AS o_movement_id,
                                   o.transaction_time AS o_transaction_time, o.amount_minor AS o_amount_minor,
                                   cb.status AS cb_status, cb.outcome AS cb_outcome, cb.credited_minor AS cb_credited
                            FROM wallet_transaction t
                            """ + ORIGINAL + CHARGEBACK + where + " ORDER BY t.transaction_time DESC, t.sequence DESC LIMIT ? OFFSET ?",
                    (rs, i) -> line(rs), pageArgs.toArray());
        }
        return new TransactionPage(walletId, items, paging.page(), paging.size(), totalItems, paging.totalPages(totalItems));
    }

    private static String where(String walletId, TransactionFilter filter, List<Object> args) {
        StringBuilder sql = new StringBuilder("WHERE t.wallet_id = ?");
        args.add(walletId);
        if (filter.fromInclusive() != null) {
            sql.append(" AND t.transaction_time >= ?");
            args.add(filter.fromInclusive().atOffset(ZoneOffset.UTC));
        }
        if (filter.toExclusive() != null) {
            sql.append(" AND t.transaction_time < ?");
            args.add(filter.toExclusive().atOffset(ZoneOffset.UTC));
        }
        if (filter.merchantLikePattern() != null) {
            sql.append(" AND t.merchant_name ILIKE ? ESCAPE '\\'");
            args.add(filter.merchantLikePattern());
        }
        if (!filter.includeDeclined()) {
            // The issuer's list leaves declines out: they never touched the balance.
            sql.append(" AND t.kind IS DISTINCT FROM 'DECLINE'");
        }
        return sql.toString();
    }

    private static TransactionLine line(ResultSet rs) throws SQLException {
        String cardId = rs.getString("card_id");
        String c11 = rs.getString("transaction_id");
        TransactionLine.AuthorizationLink link = null;
        String issuer = rs.getString("issuer");
        // KatFacil lines have no authorization lifecycle: their transaction id is KatFacil's, not a c11.
        if (cardId != null && c11 != null && !c11.isEmpty() && !Issuers.KATFACIL.equals(issuer)) {
            long originalSequence = rs.getLong("o_sequence");
            TransactionLine.Original original = rs.wasNull() ? null : new TransactionLine.Original(originalSequence,
                    rs.getString("o_movement_id"), instant(rs.getObject("o_transaction_time", OffsetDateTime.class)),
                    rs.getLong("o_amount_minor"));
            link = new TransactionLine.AuthorizationLink(cardId, c11,
                    "/api/v1/cards/" + cardId + "/authorizations/" + c11, original);
        }
        Array flags = rs.getArray("flags");
        return new TransactionLine(
                rs.getLong("sequence"),
                rs.getString("movement_id"),
                rs.getString("movement_type"),
                instant(rs.getObject("transaction_time", OffsetDateTime.class)),
                rs.getObject("local_transaction_time", LocalDateTime.class),
                instant(rs.getObject("occurred_at", OffsetDateTime.class)),
                cardId,
                rs.getString("notification_type"),
                rs.getString("kind"),
                rs.getBoolean("money_send"),
                c11,
                rs.getString("authorization_code"),
                rs.getString("merchant_name"),
                rs.getString("merchant_id"),
                rs.getString("merchant_category"),
                rs.getString("counterparty_wallet_id"),
                rs.getString("statement"),
                rs.getLong("amount_minor"),
                rs.getLong("available_delta_minor"),
                rs.getLong("withheld_delta_minor"),
                rs.getLong("available_after_minor"),
                rs.getLong("withheld_after_minor"),
                rs.getString("currency"),
                rs.getString("authorization_status"),
                flags == null ? List.of() : Arrays.asList((String[]) flags.getArray()),
                link,
                issuer,
                rs.getString("cb_status") == null ? null : new TransactionLine.Chargeback(true, rs.getString("cb_status"),
                        rs.getString("cb_outcome"), rs.getLong("cb_credited")),
                rs.getString("trace_id"));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
