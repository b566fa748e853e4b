package io.cardledger.projection.read.parity;

import io.cardledger.events.card.ChargebackRequested;
import io.cardledger.events.card.ChargebackStatusReported;
import io.cardledger.projection.consume.AppliedEvent;
import io.cardledger.projection.consume.ReadModelProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table {@code card_chargeback}: each chargeback (card + c11) as it stands, for the transaction lists.
 * Marked by the integrator (REQUESTED), then each issuer report replaces the status; credits add up.
 * Reports for a transaction the ledger did not know are left out (they moved nothing). A poll's events
 * are folded to one row per chargeback first: the driver sends a batch as one multi-row INSERT, which
 * may not touch a row twice.
 */
@Component
public class ChargebackProjection implements ReadModelProjection {
    private static final String UPSERT = """
            INSERT INTO card_chargeback (card_id, transaction_id, wallet_id, status, outcome, credited_minor, reports,
                                         requested_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ))
            ON CONFLICT (card_id, transaction_id) DO UPDATE SET
                wallet_id = COALESCE(EXCLUDED.wallet_id, card_chargeback.wallet_id),
                status = CASE WHEN EXCLUDED.reports > 0 THEN EXCLUDED.status ELSE card_chargeback.status END,
                outcome = CASE WHEN EXCLUDED.reports > 0 THEN EXCLUDED.outcome ELSE card_chargeback.outcome END,
                credited_minor = card_chargeback.credited_minor + EXCLUDED.credited_minor,
                reports = card_chargeback.reports + EXCLUDED.reports,
                requested_at = COALESCE(card_chargeback.requested_at, EXCLUDED.requested_at),
                updated_at = EXCLUDED.updated_at
            """;

    /** One chargeback's changes within a poll. */
    private static final class Row {
        final String cardId;
        final String c11;
        String walletId;
        String status = "REQUESTED";
        String outcome = "OPEN";
        long credited;
        int reports;
        Instant requestedAt;
        Instant updatedAt;

        Row(String cardId, String c11) {
            this.cardId = cardId;
            this.c11 = c11;
        }

        Object[] values() {
            return new Object[]{cardId, c11, walletId, status, outcome, credited, reports, ts(requestedAt), ts(updatedAt)};
        }
    }

    @Override
    public Batch begin() {
        Map<String, Row> rows = new LinkedHashMap<>();
        return new Batch() {
            @Override
            public void add(AppliedEvent event) {
                if (event.event() instanceof ChargebackRequested r) {
                    Row row = rows.computeIfAbsent(r.cardId() + "\u0000" + r.transactionId(), k -> new Row(r.cardId(), r.transactionId()));
                    row.walletId = r.walletId();
                    row.requestedAt = row.requestedAt == null ? r.requestedAt() : row.requestedAt;
                    row.updatedAt = r.requestedAt();
                } else if (event.event() instanceof ChargebackStatusReported s && s.matched()) {
                    Row row = rows.computeIfAbsent(s.cardId() + "\u0000" + s.transactionId(), k -> new Row(s.cardId(), s.transactionId()));
                    row.walletId = s.walletId();
                    row.status = s.status() == null ? "" : s.status();
                    row.outcome = s.outcome().name();
                    row.credited = Math.addExact(row.credited, s.creditedMinor());
                    row.reports++;
                    row.updatedAt = s.reportedAt();
                }
            }

            @Override
            public void write(JdbcTemplate jdbc) {
                if (!rows.isEmpty()) {
                    List<Object[]> values = new ArrayList<>(rows.size());
                    rows.values().forEach(r -> values.add(r.values()));
                    jdbc.batchUpdate(UPSERT, values);
                }
            }
        };
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
