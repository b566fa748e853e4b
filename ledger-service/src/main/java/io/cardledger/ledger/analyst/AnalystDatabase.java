package io.cardledger.ledger.analyst;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;

/**
 * The analyst's own small connection pool (HikariCP pool "analyst"), separate from the pool the
 * ledger's consumers, outbox and API use: however many analyst requests run, and however slow
 * they are, they can hold at most {@code maximumPoolSize} connections, and never one of the
 * ledger's. Every connection runs with a server-side {@code statement_timeout}, so a query an
 * analyst asks for cannot run longer than that; waiting for a connection is bounded too.
 * Connections are read-only: nothing an analyst asks for writes.
 *
 * <p>Not a {@code DataSource} bean on purpose: a second one would switch off Spring Boot's
 * auto-configured primary pool.
 */
public class AnalystDatabase implements DisposableBean {
    private final HikariDataSource pool;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnlyTransaction;
    private final Duration statementTimeout;

    public AnalystDatabase(String url, String username, String password, int maximumPoolSize,
                           Duration statementTimeout, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("analyst");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maximumPoolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setReadOnly(true);
        config.setConnectionInitSql("SET statement_timeout = " + statementTimeout.toMillis()
                + "; SET idle_in_transaction_session_timeout = " + Math.max(1_000, 2 * statementTimeout.toMillis()));
        this.pool = new HikariDataSource(config);
        this.jdbc = new JdbcTemplate(pool);
        this.statementTimeout = statementTimeout;
        this.readOnlyTransaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
        readOnlyTransaction.setReadOnly(true);
        readOnlyTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /**
     * A read-only transaction on this pool: PostgreSQL's driver only fetches a result set in chunks
     * (the {@code fetchSize}) inside a transaction, so scans that must not hold a whole history in
     * memory run in one.
     */
    public TransactionTemplate transaction() {
        return readOnlyTransaction;
    }

    public Duration statementTimeout() {
        return statementTimeout;
    }

    public int maximumPoolSize() {
        return pool.getMaximumPoolSize();
    }

    HikariDataSource pool() {
        return pool;
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
