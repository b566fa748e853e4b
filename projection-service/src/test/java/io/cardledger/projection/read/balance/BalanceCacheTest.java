package io.cardledger.projection.read.balance;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory copy's rules, without a database: see {@link BalanceCache}. */
class BalanceCacheTest {
    private static final long TRUST = TimeUnit.SECONDS.toNanos(60);

    private static WalletBalanceView row(String wallet, long sequence, long available, long withheld) {
        return new WalletBalanceView(wallet, "u-1", "EUR", 1, available, withheld, available + withheld,
                Instant.parse("2026-11-23T10:00:00Z"), sequence, Instant.parse("2026-11-01T00:00:00Z"));
    }

    private static BalanceCache trusted() {
        BalanceCache cache = new BalanceCache(100, TRUST);
        cache.trustUntil(System.nanoTime());
        return cache;
    }

    @Test
    void answersNothingBeforeTheFeedConfirmsItsSession() {
        BalanceCache cache = new BalanceCache(100, TRUST);
        cache.committed(row("w-1", 1, 10, 0));

        assertThat(cache.get("w-1")).isNull();
        cache.trustUntil(System.nanoTime());
        assertThat(cache.get("w-1")).isEqualTo(row("w-1", 1, 10, 0));
    }

    @Test
    void answersNothingOnceTheLastConfirmationIsTooOld() {
        BalanceCache cache = new BalanceCache(100, TimeUnit.MILLISECONDS.toNanos(1));
        cache.trustUntil(System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
        cache.committed(row("w-1", 1, 10, 0));

        assertThat(cache.get("w-1")).isNull();
    }

    @Test
    void aCommittedRowReplacesTheHeldOneWholeAndSequencesOnlyMoveForward() {
        BalanceCache cache = trusted();
        cache.committed(row("w-1", 2, 70, 30));

        cache.committed(row("w-1", 1, 100, 0));
        assertThat(cache.get("w-1")).isEqualTo(row("w-1", 2, 70, 30));

        cache.committed(row("w-1", 3, 50, 50));
        assertThat(cache.get("w-1")).isEqualTo(row("w-1", 3, 50, 50));
    }

    @Test
    void aRowReadFromTheDatabaseNeverReplacesANewerOne() {
        BalanceCache cache = trusted();
        long epoch = cache.epoch();
        cache.committed(row("w-1", 5, 1, 0));

        cache.offer(row("w-1", 4, 2, 0), epoch);

        assertThat(cache.get("w-1").lastSequence()).isEqualTo(5);
    }

    @Test
    void aRowReadBeforeTheCopyWasEmptiedIsNotKept() {
        BalanceCache cache = trusted();
        long epoch = cache.epoch();

        cache.clear(); // a rebuild switched tables while the reader was reading the old one
        cache.offer(row("w-1", 4, 2, 0), epoch);

        assertThat(cache.get("w-1")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void nothingIsKeptWhileTheFeedIsLostAndItAllGoesWhenItIsLost() {
        BalanceCache cache = trusted();
        cache.committed(row("w-1", 1, 10, 0));

        cache.distrust();
        assertThat(cache.get("w-1")).isNull();
        cache.offer(row("w-2", 1, 10, 0), cache.epoch());
        assertThat(cache.size()).isZero();

        cache.trustUntil(System.nanoTime());
        assertThat(cache.get("w-1")).isNull();
    }

    @Test
    void whenFullItStartsOverRatherThanGrow() {
        BalanceCache cache = new BalanceCache(2, TRUST);
        cache.trustUntil(System.nanoTime());
        cache.committed(row("w-1", 1, 1, 0));
        cache.committed(row("w-2", 1, 1, 0));

        cache.offer(row("w-3", 1, 1, 0), cache.epoch());
        assertThat(cache.size()).isEqualTo(2);

        cache.committed(row("w-3", 1, 1, 0));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("w-3")).isNotNull();
    }

    @Test
    void readsTheRowAsPostgresqlWritesItInJson() throws Exception {
        // json_build_array(...)::text of a wallet_balance row, timestamps with the session's UTC offset
        String sent = "[\"w-1\", \"u-1\", \"EUR\", 1, 8383, 1617, 10000, \"2026-11-23T18:34:00.123456+00:00\", 7, "
                + "\"2026-11-01T00:00:00+00:00\"],[\"w-2\", null, \"USD\", null, -5, 0, -5, null, 0, null]";

        var rows = new ObjectMapper().readTree("[" + sent + "]");

        assertThat(BalanceChangeFeed.view(rows.get(0))).isEqualTo(new WalletBalanceView("w-1", "u-1", "EUR", 1, 8383, 1617,
                10000, Instant.parse("2026-11-23T18:34:00.123456Z"), 7, Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(BalanceChangeFeed.view(rows.get(1))).isEqualTo(new WalletBalanceView("w-2", null, "USD", null, -5, 0,
                -5, null, 0, null));
    }
}
