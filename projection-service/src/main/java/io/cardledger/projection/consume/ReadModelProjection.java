package io.cardledger.projection.consume;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A read model fed by the ledger's events. Each poll gets a fresh {@link Batch} that collects the
 * poll's events in order and writes them with JDBC batch statements inside the poll's one
 * transaction, so a whole poll costs a handful of round trips rather than one per event.
 */
public interface ReadModelProjection {
    Batch begin();

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
