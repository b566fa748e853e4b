package io.cardledger.projection.read.balance;

import io.cardledger.projection.consume.AppliedEvent;
import io.cardledger.projection.consume.ReadModelProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Consumer;

/** Keeps {@code wallet_balance}: one row per wallet, replaced whole by each movement's balance after. */
@Component
class WalletBalanceProjection implements ReadModelProjection {

    private static final String REGISTER = """
            INSERT INTO wallet_balance (wallet_id, user_id, currency, wallet_type, registered_at, last_event_at, last_sequence)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (wallet_id) DO UPDATE SET
                user_id = EXCLUDED.user_id, currency = EXCLUDED.currency, wallet_type = EXCLUDED.wallet_type,
                registered_at = EXCLUDED.registered_at,
                last_event_at = GREATEST(wallet_balance.last_event_at, EXCLUDED.last_event_at),
                last_sequence = GREATEST(wallet_balance.last_sequence, EXCLUDED.last_sequence),
                updated_at = now()
            """;

    // One statement sets available and withheld together; the WHERE keeps an older snapshot from
    // ever overwriting a newer one, even if a rebuild feeds events twice.
    private static final String SNAPSHOT = """
            INSERT INTO wallet_balance (wallet_id, currency, available_minor, withheld_minor, last_event_at, last_sequence)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (wallet_id) DO UPDATE SET
                available_minor = EXCLUDED.available_minor, withheld_minor = EXCLUDED.withheld_minor,
                currency = COALESCE(wallet_balance.currency, EXCLUDED.currency),
                last_event_at = EXCLUDED.last_event_at, last_sequence = EXCLUDED.last_sequence, updated_at = now()
            WHERE wallet_balance.last_sequence < EXCLUDED.last_sequence
            """;

    @Override
    public Batch begin() {
        BalanceChanges changes = new BalanceChanges();
        return new Batch() {
            @Override
            public void add(AppliedEvent event) {
                changes.add(event.envelope(), event.event());
            }

            @Override
            public void write(JdbcTemplate jdbc) {
                WalletBalanceProjection.write(jdbc, changes);
            }
        };
    }

    /** A whole rebuild pass keeps one row per wallet, written once at the end: its last balance. */
    @Override
    public Optional<Bulk> beginBulk() {
        BalanceChanges changes = new BalanceChanges();
        return Optional.of(new Bulk() {
            @Override
            public void add(AppliedEvent event) {
                changes.add(event.envelope(), event.event());
            }

            @Override
            public Consumer<JdbcTemplate> drain() {
                return jdbc -> {
                };
            }

            @Override
            public void finish(JdbcTemplate jdbc) {
                write(jdbc, changes);
            }
        });
    }

    private static void write(JdbcTemplate jdbc, BalanceChanges changes) {
        if (!changes.registrations().isEmpty()) {
            jdbc.batchUpdate(REGISTER, changes.registrations().stream().map(r -> new Object[]{
                    r.walletId(), r.userId(), r.currency(), r.walletType(), utc(r.registeredAt()), utc(r.eventAt()), r.sequence()
            }).toList());
        }
        if (!changes.snapshots().isEmpty()) {
            jdbc.batchUpdate(SNAPSHOT, changes.snapshots().stream().map(s -> new Object[]{
                    s.walletId(), s.currency(), s.availableMinor(), s.withheldMinor(), utc(s.eventAt()), s.sequence()
            }).toList());
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
