package io.cardledger.projection.consume;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A read model fed by the ledger's events. Each poll gets a fresh {@link Batch} that collects the
 * poll's events in order and writes them with JDBC batch statements inside the poll's one
 * transaction, so a whole poll costs a handful of round trips rather than one per event.
 */
public interface ReadModelProjection {
    Batch begin();

    /**
     * For a rebuild's first pass into empty tables: one batch for the whole pass, so rows the live
     * path upserts again and again (a wallet's balance, an authorization's state) are written
     * once, with their last state, at the end. Empty when the chunk batches are as good.
     */
    default java.util.Optional<Bulk> beginBulk() {
        return java.util.Optional.empty();
    }

    /**
     * A whole-pass batch. {@link #add} and {@link #drain} are called on the rebuild's thread in
     * event order; what {@code drain} returns may run on another thread; {@link #finish} runs
     * once, after every drained write has committed.
     */
    interface Bulk {
        void add(AppliedEvent event);

        /** Takes the append-only rows added since the last call and returns their write. */
        java.util.function.Consumer<JdbcTemplate> drain();

        /** Writes everything collapsed, into tables that hold none of it yet. */
        void finish(JdbcTemplate jdbc);
    }

    interface Batch {
        /** Called in per-aggregate order, once per event that passed the position check. */
        void add(AppliedEvent event);

        void write(JdbcTemplate jdbc);

        /**
         * Writes into the fresh tables of a rebuild, which hold no row of any event routed to
         * this batch before (positions saw to that): append-only rows may be streamed with COPY.
         * Must leave the same rows {@link #write} would.
         */
        default void writeFresh(JdbcTemplate jdbc) {
            write(jdbc);
        }
    }
}
