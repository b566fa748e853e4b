package io.cardledger.projection.read.balance;

import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.wallet.WalletMovement;
import io.cardledger.events.wallet.WalletRegistered;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The balance rows one poll writes, collapsed to one row per wallet. A balance is the last
 * movement's {@code balanceAfter} taken whole, so only the wallet's newest movement in the poll
 * matters; collapsing also keeps one wallet out of a multi-row upsert twice, which PostgreSQL refuses.
 */
final class BalanceChanges {

    record Registration(String walletId, String userId, String currency, int walletType, Instant registeredAt,
                        long sequence, Instant eventAt) {
    }

    record Snapshot(String walletId, long availableMinor, long withheldMinor, String currency, long sequence, Instant eventAt) {
    }

    private final Map<String, Registration> registrations = new LinkedHashMap<>();
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();

    void add(LedgerEventEnvelope envelope, Object event) {
        if (event instanceof WalletRegistered r) {
            registrations.put(r.walletId(), new Registration(r.walletId(), r.userId(), r.currency(), r.walletType(),
                    r.registeredAt(), envelope.sequence(), envelope.timestamp()));
        } else if (event instanceof WalletMovement m && m.balanceAfter() != null) {
            // Events arrive in the wallet's order, so a later one always replaces an earlier one.
            snapshots.put(m.walletId(), new Snapshot(m.walletId(), m.balanceAfter().availableMinor(),
                    m.balanceAfter().withheldMinor(), m.balanceAfter().currency(), envelope.sequence(), envelope.timestamp()));
        }
    }

    Collection<Registration> registrations() {
        return registrations.values();
    }

    Collection<Snapshot> snapshots() {
        return snapshots.values();
    }
}
