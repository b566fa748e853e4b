package io.cardledger.projection.rebuild;

import java.time.Instant;

/**
 * Where a rebuild stands. {@code eventsTotal} is what the topic held when the rebuild started;
 * events published meanwhile are read too, so {@code eventsRead} may end above it.
 *
 * @param eventsPerSecond events read per second of reading so far (index building and switch-over excluded)
 */
public record RebuildStatus(String id, Phase phase, Instant startedAt, Instant finishedAt, long eventsTotal, long eventsRead,
                            long eventsApplied, long duplicates, long gaps, long skipped, long aggregates,
                            long eventsPerSecond, long readMillis, long indexMillis, long switchMillis, long elapsedMillis,
                            String detail) {

    public enum Phase {
        /** Fresh tables are being created. */
        PREPARING,
        /** Reading the ledger's events from the first into the fresh tables; the live tables keep serving. */
        REPLAYING,
        /** Building the fresh tables' indexes. */
        INDEXING,
        /** Live polls held back while the last events are applied and the tables change places. */
        SWITCHING,
        /** The rebuilt tables serve reads; the previous ones are kept in the retired schema. */
        DONE,
        /** Nothing was switched; the live tables are as they were. */
        FAILED;

        public boolean finished() {
            return this == DONE || this == FAILED;
        }
    }
}
