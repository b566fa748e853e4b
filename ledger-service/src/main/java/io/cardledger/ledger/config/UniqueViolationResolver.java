package io.cardledger.ledger.config;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon that an append failed on a unique key (PostgreSQL SQLSTATE 23505), so that it raises
 * a {@code ConcurrencyException} — another writer appended to the aggregate first — which the
 * ledger retries with the aggregate reloaded. Axon's default JDBC resolver only recognises
 * {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws:
 * every such conflict used to surface as a plain {@code EventStoreException}, not retried.
 */
public final class UniqueViolationResolver implements PersistenceExceptionResolver {
    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
