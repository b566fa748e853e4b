package io.cardledger.projection.read.transactions;

import io.cardledger.events.wallet.WalletMovement;
import io.cardledger.projection.consume.AppliedEvent;
import io.cardledger.projection.consume.CopyRows;
import io.cardledger.projection.consume.ReadModelProjection;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Appends every wallet movement to {@code wallet_transaction}; lines are never updated. */
@Component
class WalletTransactionProjection implements ReadModelProjection {

    // DO NOTHING on the (wallet, sequence) key: positions already make redelivery a no-op; this
    // makes a rebuild over existing rows one too.
    private static final String COLUMNS = """
            wallet_id, sequence, event_id, movement_id, movement_type, card_id, notification_id,
                notification_type, kind, money_send, transaction_id, authorization_code, merchant_name, merchant_id,
                merchant_category, counterparty_wallet_id, statement, amount_minor, available_delta_minor, withheld_delta_minor,
                available_after_minor, withheld_after_minor, currency, authorization_status, flags, rulebook_version,
                transaction_time, local_transaction_time, occurred_at, issuer, trace_id""";

    private static final String INSERT = "INSERT INTO wallet_transaction (" + COLUMNS + ") " + """
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (wallet_id, sequence) DO NOTHING
            """;

    @Override
    public Batch begin() {
        List<TransactionRow> rows = new ArrayList<>();
        return new Batch() {
            @Override
            public void add(AppliedEvent event) {
                if (event.event() instanceof WalletMovement m && m.balanceAfter() != null) {
                    rows.add(TransactionRow.from(event.envelope(), m, event.traceId()));
                }
            }

            @Override
            public void write(JdbcTemplate jdbc) {
                if (!rows.isEmpty()) {
                    jdbc.batchUpdate(INSERT, new Setter(rows));
                }
            }

            @Override
            public void writeFresh(JdbcTemplate jdbc) {
                CopyRows copy = new CopyRows();
                for (TransactionRow r : rows) {
                    copy.text(r.walletId()).number(r.sequence()).text(r.eventId()).text(r.movementId()).text(r.movementType().name())
                            .text(r.cardId()).text(r.notificationId()).text(r.notificationType()).text(r.kind()).bool(r.moneySend())
                            .text(r.transactionId()).text(r.authorizationCode()).text(r.merchantName()).text(r.merchantId())
                            .text(r.merchantCategory()).text(r.counterpartyWalletId()).text(r.statement()).number(r.amountMinor())
                            .number(r.availableDeltaMinor()).number(r.withheldDeltaMinor()).number(r.availableAfterMinor())
                            .number(r.withheldAfterMinor()).text(r.currency()).text(r.authorizationStatus()).textArray(r.flags())
                            .number(r.rulebookVersion()).timestamp(r.transactionTime()).timestamp(r.localTransactionTime())
                            .timestamp(r.occurredAt()).text(r.issuer()).text(r.traceId()).endRow();
                }
                copy.copyInto(jdbc, "wallet_transaction", COLUMNS);
            }
        };
    }

    private record Setter(List<TransactionRow> rows) implements BatchPreparedStatementSetter {
        @Override
        public void setValues(PreparedStatement ps, int i) throws SQLException {
            TransactionRow r = rows.get(i);
            int c = 1;
            ps.setString(c++, r.walletId());
            ps.setLong(c++, r.sequence());
            ps.setString(c++, r.eventId());
            ps.setString(c++, r.movementId());
            ps.setString(c++, r.movementType().name());
            ps.setString(c++, r.cardId());
            ps.setString(c++, r.notificationId());
            ps.setString(c++, r.notificationType());
            ps.setString(c++, r.kind());
            ps.setBoolean(c++, r.moneySend());
            ps.setString(c++, r.transactionId());
            ps.setString(c++, r.authorizationCode());
            ps.setString(c++, r.merchantName());
            ps.setString(c++, r.merchantId());
            ps.setString(c++, r.merchantCategory());
            ps.setString(c++, r.counterpartyWalletId());
            ps.setString(c++, r.statement());
            ps.setLong(c++, r.amountMinor());
            ps.setLong(c++, r.availableDeltaMinor());
            ps.setLong(c++, r.withheldDeltaMinor());
            ps.setLong(c++, r.availableAfterMinor());
            ps.setLong(c++, r.withheldAfterMinor());
            ps.setString(c++, r.currency());
            ps.setString(c++, r.authorizationStatus());
            ps.setArray(c++, ps.getConnection().createArrayOf("text", r.flags().toArray()));
            if (r.rulebookVersion() == null) {
                ps.setNull(c++, Types.INTEGER);
            } else {
                ps.setInt(c++, r.rulebookVersion());
            }
            ps.setObject(c++, utc(r.transactionTime()));
            ps.setObject(c++, r.localTransactionTime());
            ps.setObject(c++, utc(r.occurredAt()));
            ps.setString(c++, r.issuer());
            ps.setString(c, r.traceId());
        }

        @Override
        public int getBatchSize() {
            return rows.size();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
