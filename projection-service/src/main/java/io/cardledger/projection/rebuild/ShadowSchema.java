package io.cardledger.projection.rebuild;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The fresh read-model tables a rebuild fills, in the schema {@value #REBUILD_SCHEMA}: created by
 * the service's own Flyway migrations, so they are exactly the live ones; stripped of their
 * indexes for the bulk load and given them back after it; finally swapped in for the live tables,
 * which move to {@value #RETIRED_SCHEMA}.
 */
@Component
public class ShadowSchema {
    public static final String REBUILD_SCHEMA = "projection_rebuild";
    static final String RETIRED_SCHEMA = "projection_retired";
    /** The tables fed by the ledger's events: what a rebuild replaces. */
    public static final List<String> TABLES = List.of("projection_position", "wallet_balance", "wallet_transaction", "card",
            "card_authorization", "authorization_history", "projection_gap", "projection_skipped_event", "card_chargeback");
    /**
     * Written only with COPY during a rebuild's first pass (history rows per chunk, authorization
     * states once at its end): their primary keys are built after the load, with the other indexes,
     * before the catch-up that upserts.
     */
    private static final List<String> LOADED_WITHOUT_KEY = List.of("wallet_transaction", "authorization_history", "card_authorization");

    private final DataSource dataSource;
    private final DataSourceProperties dataSourceProperties;

    public ShadowSchema(DataSource dataSource, DataSourceProperties dataSourceProperties) {
        this.dataSource = dataSource;
        this.dataSourceProperties = dataSourceProperties;
    }

    /** Empty tables in {@value #REBUILD_SCHEMA}, made anew by the migrations (an unfinished earlier one is dropped). */
    void create() {
        drop();
        Flyway.configure().dataSource(dataSource).schemas(REBUILD_SCHEMA).defaultSchema(REBUILD_SCHEMA)
                .locations("classpath:db/migration").load().migrate();
    }

    /** Drops {@value #REBUILD_SCHEMA} with all it holds. */
    void drop() {
        new JdbcTemplate(dataSource).execute("DROP SCHEMA IF EXISTS " + REBUILD_SCHEMA + " CASCADE");
    }

    /**
     * A connection of its own to the fresh tables ({@value #REBUILD_SCHEMA} first on its search
     * path), set up for a bulk load.
     */
    Session open() {
        SingleConnectionDataSource connection = new SingleConnectionDataSource(rebuildUrl(),
                dataSourceProperties.determineUsername(), dataSourceProperties.determinePassword(), true);
        Session session = new Session(connection, new JdbcTemplate(connection),
                new TransactionTemplate(new DataSourceTransactionManager(connection)));
        try {
            session.jdbc().execute("SET maintenance_work_mem = '256MB'");
            // No flush wait per chunk. Safe: nothing reads these tables before the switch-over,
            // whose commit (on a connection with the server's own setting) flushes the WAL up to
            // itself, every rebuilt row included; a crash before it only loses an unfinished rebuild.
            session.jdbc().execute("SET synchronous_commit = off");
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** The rebuild's connection to {@value #REBUILD_SCHEMA}; closing it closes the connection. */
    record Session(SingleConnectionDataSource connection, JdbcTemplate jdbc, TransactionTemplate tx) implements AutoCloseable {
        @Override
        public void close() {
            connection.destroy();
        }
    }

    /** Puts back what {@link #dropIndexesForLoad} took away, then analyses every table. */
    void restoreIndexes(JdbcTemplate rebuild, List<String> restore) {
        restore.forEach(rebuild::execute);
        for (String table : TABLES) {
            rebuild.execute("ANALYZE " + table);
        }
    }

    /**
     * Inside the switch-over's transaction on the live connection: the live tables move to
     * {@value #RETIRED_SCHEMA} (replacing an older retired set) and the fresh ones take their place.
     */
    void swapIn(JdbcTemplate live, String liveSchema) {
        live.execute("ANALYZE " + REBUILD_SCHEMA + ".projection_position");
        live.execute("DROP SCHEMA IF EXISTS " + RETIRED_SCHEMA + " CASCADE");
        live.execute("CREATE SCHEMA " + RETIRED_SCHEMA);
        for (String table : TABLES) {
            live.execute("ALTER TABLE " + liveSchema + "." + table + " SET SCHEMA " + RETIRED_SCHEMA);
        }
        for (String table : TABLES) {
            live.execute("ALTER TABLE " + REBUILD_SCHEMA + "." + table + " SET SCHEMA " + liveSchema);
        }
    }

    /**
     * Drops what slows a bulk load into {@code schema}'s read-model tables down and returns the
     * statements that put it back: secondary indexes everywhere, and the primary keys of the
     * tables the first pass writes only with COPY.
     */
    public static List<String> dropIndexesForLoad(JdbcTemplate rebuild, String schema) {
        List<String> restore = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        rebuild.query("""
                SELECT i.tablename, i.indexname, i.indexdef, c.conname, pg_get_constraintdef(c.oid)
                FROM pg_indexes i
                LEFT JOIN pg_constraint c ON c.conname = i.indexname
                    AND c.connamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = i.schemaname)
                WHERE i.schemaname = ? ORDER BY i.tablename, i.indexname
                """, rs -> {
            String table = rs.getString(1);
            if (!TABLES.contains(table)) {
                return;
            }
            String constraint = rs.getString(4);
            if (constraint == null) {
                drop.add("DROP INDEX " + schema + "." + rs.getString(2));
                restore.add(rs.getString(3));
            } else if (LOADED_WITHOUT_KEY.contains(table)) {
                drop.add("ALTER TABLE " + schema + "." + table + " DROP CONSTRAINT " + constraint);
                restore.add("ALTER TABLE " + schema + "." + table + " ADD CONSTRAINT " + constraint + " " + rs.getString(5));
            }
        }, schema);
        drop.forEach(rebuild::execute);
        return restore;
    }

    private String rebuildUrl() {
        String url = dataSourceProperties.determineUrl();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + REBUILD_SCHEMA;
    }
}
