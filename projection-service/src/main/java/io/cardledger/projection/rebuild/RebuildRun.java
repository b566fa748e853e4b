package io.cardledger.projection.rebuild;

import io.cardledger.projection.consume.RebuildApplier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One rebuild's life: its phase, counts and timings, written by the rebuild's threads and read,
 * as a {@link RebuildStatus}, by whoever asks.
 */
final class RebuildRun {
    final String id;
    final Instant startedAt;
    private final Clock clock;
    volatile RebuildStatus.Phase phase = RebuildStatus.Phase.PREPARING;
    volatile Instant finishedAt;
    volatile long eventsTotal;
    volatile long eventsRead; // written by the replay's writer thread only
    volatile long readNanos;
    volatile long indexMillis;
    volatile long switchMillis;
    volatile String detail;
    volatile RebuildApplier applier;

    RebuildRun(String id, Clock clock) {
        this.id = id;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    RebuildStatus status() {
        RebuildApplier a = applier;
        long read = eventsRead;
        long perSecond = readNanos == 0 ? 0 : read * 1_000_000_000L / readNanos;
        Instant end = finishedAt == null ? clock.instant() : finishedAt;
        return new RebuildStatus(id, phase, startedAt, finishedAt, eventsTotal, read,
                a == null ? 0 : a.applied(), a == null ? 0 : a.duplicates(), a == null ? 0 : a.gaps(),
                a == null ? 0 : a.skipped(), a == null ? 0 : a.aggregates(), perSecond, readNanos / 1_000_000,
                indexMillis, switchMillis, Duration.between(startedAt, end).toMillis(), detail);
    }

    void done() {
        finishedAt = clock.instant();
        phase = RebuildStatus.Phase.DONE;
    }

    void failed(Exception e) {
        detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        phase = RebuildStatus.Phase.FAILED;
        finishedAt = clock.instant();
    }
}
