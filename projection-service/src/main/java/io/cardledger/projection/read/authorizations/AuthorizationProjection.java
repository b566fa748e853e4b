package io.cardledger.projection.read.authorizations;

import io.cardledger.projection.consume.AppliedEvent;
import io.cardledger.projection.consume.CopyRows;
import io.cardledger.projection.consume.ReadModelProjection;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Keeps {@code card}, {@code card_authorization} and {@code authorization_history}. */
@Component
class AuthorizationProjection implements ReadModelProjection {

    private static final String CARD = """
            INSERT INTO card (card_id, wallet_id, user_id, product, physical, registered_at, notifications_awaiting, last_event_at,
                issuer)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, 'paycaddy'))
            ON CONFLICT (card_id) DO UPDATE SET
                wallet_id = COALESCE(EXCLUDED.wallet_id, card.wallet_id),
                user_id = COALESCE(EXCLUDED.user_id, card.user_id),
                product = COALESCE(EXCLUDED.product, card.product),
                physical = COALESCE(EXCLUDED.physical, card.physical),
                issuer = CASE WHEN EXCLUDED.registered_at IS NOT NULL THEN EXCLUDED.issuer ELSE card.issuer END,
                registered_at = COALESCE(EXCLUDED.registered_at, card.registered_at),
                notifications_awaiting = CASE WHEN EXCLUDED.registered_at IS NOT NULL THEN EXCLUDED.notifications_awaiting
                                              ELSE card.notifications_awaiting + EXCLUDED.notifications_awaiting END,
                last_event_at = EXCLUDED.last_event_at
            """;

    // First-seen details (merchant, c38, first type and time) keep their earliest value; the
    // lifecycle figures are replaced whole by the ledger's view after the newest notification.
    private static final String STATE_COLUMNS = """
            card_id, transaction_id, wallet_id, status, authorized_minor, held_minor, settled_minor,
                modifications, authorization_code, merchant_name, merchant_id, merchant_category, first_notification_type,
                last_notification_type, local_transaction_time, first_recorded_at, last_recorded_at, last_sequence""";

    private static final String STATE = "INSERT INTO card_authorization (" + STATE_COLUMNS + ") " + """
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (card_id, transaction_id) DO UPDATE SET
                wallet_id = COALESCE(EXCLUDED.wallet_id, card_authorization.wallet_id),
                status = EXCLUDED.status, authorized_minor = EXCLUDED.authorized_minor, held_minor = EXCLUDED.held_minor,
                settled_minor = EXCLUDED.settled_minor, modifications = EXCLUDED.modifications,
                authorization_code = COALESCE(NULLIF(card_authorization.authorization_code, ''), EXCLUDED.authorization_code),
                merchant_name = COALESCE(card_authorization.merchant_name, EXCLUDED.merchant_name),
                merchant_id = COALESCE(card_authorization.merchant_id, EXCLUDED.merchant_id),
                merchant_category = COALESCE(card_authorization.merchant_category, EXCLUDED.merchant_category),
                last_notification_type = EXCLUDED.last_notification_type,
                local_transaction_time = COALESCE(card_authorization.local_transaction_time, EXCLUDED.local_transaction_time),
                last_recorded_at = EXCLUDED.last_recorded_at, last_sequence = EXCLUDED.last_sequence
            WHERE card_authorization.last_sequence < EXCLUDED.last_sequence
            """;

    private static final String STEP_COLUMNS = """
            card_id, sequence, transaction_id, event_id, movement_id, notification_id,
                notification_type, kind, amount_minor, available_delta_minor, withheld_delta_minor, status_after,
                authorized_minor, held_minor, settled_minor, modifications, flags, rulebook_version, recorded_at""";

    private static final String STEP = "INSERT INTO authorization_history (" + STEP_COLUMNS + ") " + """
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (card_id, sequence) DO NOTHING
            """;

    @Override
    public Batch begin() {
        AuthorizationChanges changes = new AuthorizationChanges();
        return new Batch() {
            @Override
            public void add(AppliedEvent event) {
                changes.add(event.envelope(), event.event());
            }

            @Override
            public void write(JdbcTemplate jdbc) {
                writeCardsAndStates(jdbc);
                if (!changes.steps().isEmpty()) {
                    jdbc.batchUpdate(STEP, new StepSetter(new ArrayList<>(changes.steps())));
                }
            }

            @Override
            public void writeFresh(JdbcTemplate jdbc) {
                writeCardsAndStates(jdbc);
                copySteps(jdbc, changes.steps());
            }

            private void writeCardsAndStates(JdbcTemplate jdbc) {
                if (!changes.cards().isEmpty()) {
                    jdbc.batchUpdate(CARD, cardRows(changes));
                }
                if (!changes.states().isEmpty()) {
                    jdbc.batchUpdate(STATE, changes.states().stream().map(s -> new Object[]{s.cardId(), s.transactionId(),
                            s.walletId(), s.status().name(), s.authorizedMinor(), s.heldMinor(), s.settledMinor(), s.modifications(),
                            s.authorizationCode(), s.merchantName(), s.merchantId(), s.merchantCategory(), s.firstNotificationType(),
                            s.lastNotificationType(), s.localTransactionTime(), utc(s.firstRecordedAt()), utc(s.lastRecordedAt()),
                            s.lastSequence()}).toList());
                }
            }
        };
    }

    @Override
    public Optional<Bulk> beginBulk() {
        AuthorizationChanges changes = new AuthorizationChanges();
        return Optional.of(new Bulk() {
            @Override
            public void add(AppliedEvent event) {
                changes.add(event.envelope(), event.event());
            }

            @Override
            public Consumer<JdbcTemplate> drain() {
                List<AuthorizationChanges.Step> steps = changes.takeSteps();
                return jdbc -> copySteps(jdbc, steps);
            }

            @Override
            public void finish(JdbcTemplate jdbc) {
                if (!changes.cards().isEmpty()) {
                    jdbc.batchUpdate(CARD, cardRows(changes));
                }
                // One state per authorization over the whole pass, into an empty table: an insert
                // of the collapsed state is what the upserts would have left.
                CopyRows copy = new CopyRows();
                for (AuthorizationChanges.State s : changes.states()) {
                    copy.text(s.cardId()).text(s.transactionId()).text(s.walletId()).text(s.status().name())
                            .number(s.authorizedMinor()).number(s.heldMinor()).number(s.settledMinor()).number(s.modifications())
                            .text(s.authorizationCode()).text(s.merchantName()).text(s.merchantId()).text(s.merchantCategory())
                            .text(s.firstNotificationType()).text(s.lastNotificationType()).timestamp(s.localTransactionTime())
                            .timestamp(s.firstRecordedAt()).timestamp(s.lastRecordedAt()).number(s.lastSequence()).endRow();
                }
                copy.copyInto(jdbc, "card_authorization", STATE_COLUMNS);
            }
        });
    }

    private static List<Object[]> cardRows(AuthorizationChanges changes) {
        return changes.cards().stream().map(c -> new Object[]{c.cardId(), c.walletId(), c.userId(),
                c.product(), c.physical(), utc(c.registeredAt()), c.awaitingDelta(), utc(c.eventAt()), c.issuer()}).toList();
    }

    private static void copySteps(JdbcTemplate jdbc, List<AuthorizationChanges.Step> steps) {
        CopyRows copy = new CopyRows();
        for (AuthorizationChanges.Step s : steps) {
            copy.text(s.cardId()).number(s.sequence()).text(s.transactionId()).text(s.eventId()).text(s.movementId())
                    .text(s.notificationId()).text(s.notificationType()).text(s.kind()).number(s.amountMinor())
                    .number(s.availableDeltaMinor()).number(s.withheldDeltaMinor()).text(statusAfter(s))
                    .number(s.after().authorizedMinor()).number(s.after().heldMinor()).number(s.after().settledMinor())
                    .number(s.after().modifications()).textArray(s.flags()).number(s.rulebookVersion())
                    .timestamp(s.recordedAt()).endRow();
        }
        copy.copyInto(jdbc, "authorization_history", STEP_COLUMNS);
    }

    private record StepSetter(List<AuthorizationChanges.Step> steps) implements BatchPreparedStatementSetter {
        @Override
        public void setValues(PreparedStatement ps, int i) throws SQLException {
            AuthorizationChanges.Step s = steps.get(i);
            int c = 1;
            ps.setString(c++, s.cardId());
            ps.setLong(c++, s.sequence());
            ps.setString(c++, s.transactionId());
            ps.setString(c++, s.eventId());
            ps.setString(c++, s.movementId());
            ps.setString(c++, s.notificationId());
            ps.setString(c++, s.notificationType());
            ps.setString(c++, s.kind());
            ps.setLong(c++, s.amountMinor());
            ps.setLong(c++, s.availableDeltaMinor());
            ps.setLong(c++, s.withheldDeltaMinor());
            ps.setString(c++, statusAfter(s));
            ps.setLong(c++, s.after().authorizedMinor());
            ps.setLong(c++, s.after().heldMinor());
            ps.setLong(c++, s.after().settledMinor());
            ps.setInt(c++, s.after().modifications());
            ps.setArray(c++, ps.getConnection().createArrayOf("text", s.flags().toArray()));
            ps.setInt(c++, s.rulebookVersion());
            ps.setObject(c, utc(s.recordedAt()));
        }

        @Override
        public int getBatchSize() {
            return steps.size();
        }
    }

    private static String statusAfter(AuthorizationChanges.Step s) {
        return s.after().status() == null ? "NONE" : s.after().status().name();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
