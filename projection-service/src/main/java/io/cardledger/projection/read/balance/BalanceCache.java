package io.cardledger.projection.read.balance;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's copy of {@code wallet_balance} rows, so a balance read needs no database round
 * trip. It holds only rows as PostgreSQL committed them, whole: a reader's own read of the row, or
 * the row a committing poll sent on {@link BalanceNotifications#CHANNEL} (see
 * {@link BalanceChangeFeed}). Each entry is one immutable {@link WalletBalanceView} replaced
 * atomically, so available and withheld always come from the same event, as with the database.
 *
 * <p>Every committed change reaches every instance, whatever partitions its consumer owns: the
 * writer's transaction sends the rows it wrote with {@code pg_notify}, which PostgreSQL delivers to
 * all listening sessions of the database at commit, in commit order. The copy may answer only while
 * that feed is known to be live: the feed confirms its session with a round trip every
 * {@code confirm} interval and trusts the copy until {@code trust} after the start of the last
 * confirmed round trip. Every notification of a transaction that committed before that round
 * trip started has been applied by then. So a balance served from here is never older than what
 * the database had committed {@code trust} ago, and in practice a few milliseconds. When the feed
 * is late, lost or reconnecting, reads go to the database.
 *
 * <p>Sequences only move forward: a row read from the database never replaces a newer one, so a
 * reader who saw a sequence from the database never sees an older one from here afterwards. Any
 * event that may invalidate copies as a whole (the feed lost, a rebuild switching tables, the copy
 * full) empties it and moves the {@link #epoch()}; a reader's row read before that is dropped.
 */
final class BalanceCache {
    private final ConcurrentHashMap<String, WalletBalanceView> rows = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final int maxEntries;
    private final long trustNanos;
    /** {@link System#nanoTime()} until which the copy may answer; meaningful only while {@link #trusting}. */
    private volatile long trustedUntil;
    private volatile boolean trusting;

    BalanceCache(int maxEntries, long trustNanos) {
        this.maxEntries = maxEntries;
        this.trustNanos = trustNanos;
    }

    /** The wallet's row when the copy holds it and may answer for the database now; else null. */
    WalletBalanceView get(String walletId) {
        return trusted() ? rows.get(walletId) : null;
    }

    boolean trusted() {
        return trusting && System.nanoTime() - trustedUntil < 0;
    }

    /** Read before a database read whose row may then be {@link #offer offered}. */
    long epoch() {
        return epoch.get();
    }

    /**
     * A row a reader read from the database after seeing {@code epochBeforeRead}. Kept even while the
     * copy may not answer because the feed is late: the feed's session is still there, so every
     * change committed after this read still comes, in order. Not kept while the feed is lost.
     */
    void offer(WalletBalanceView row, long epochBeforeRead) {
        if (!trusting || epoch.get() != epochBeforeRead) {
            return;
        }
        if (rows.size() >= maxEntries && !rows.containsKey(row.walletId())) {
            return;
        }
        rows.merge(row.walletId(), row, (held, read) -> read.lastSequence() > held.lastSequence() ? read : held);
        // Emptied meanwhile (feed lost, tables switched): the row may be from before; do not keep it.
        if (epoch.get() != epochBeforeRead) {
            rows.remove(row.walletId(), row);
        }
    }

    /** A row as a transaction committed it, from the feed, in commit order. */
    void committed(WalletBalanceView row) {
        if (rows.size() >= maxEntries && !rows.containsKey(row.walletId())) {
            // Full: start over rather than grow. Readers fill it again with what they read.
            clear();
        }
        // An equal sequence may still carry other values (a registration after a rebuild): take it.
        rows.merge(row.walletId(), row, (held, fresh) -> fresh.lastSequence() >= held.lastSequence() ? fresh : held);
    }

    /** Forgets everything; rows read before now are not kept. */
    void clear() {
        epoch.incrementAndGet();
        rows.clear();
    }

    /** The feed confirmed its session with a round trip that started at {@code confirmedAt} (nanoTime). */
    void trustUntil(long confirmedAt) {
        trustedUntil = confirmedAt + trustNanos;
        trusting = true;
    }

    /** The feed is lost: nothing here may answer until it is back and the copy starts over. */
    void distrust() {
        trusting = false;
        clear();
    }

    /** What the copy holds for the wallet, whether or not it may answer now. */
    WalletBalanceView held(String walletId) {
        return rows.get(walletId);
    }

    int size() {
        return rows.size();
    }
}
