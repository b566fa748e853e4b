package io.cardledger.support.parking;

import com.fasterxml.jackson.core.JacksonException;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Tells a failure that will go away by itself (the database or the broker unreachable, a
 * serialization conflict, a deadlock, another writer first) from one a record causes on its own
 * every time (a value the code or the schema cannot take).
 *
 * <p>The database's own verdict wins: the first SQLException with a SQLSTATE in the cause chain
 * decides (except 25P02, which only echoes an earlier error). Class 22 (data exception: a string too long, NUL in text, a numeric overflow) and class
 * 23 except 23505 (not-null, foreign-key, check) come from the record; every other class
 * (connection 08, rollback 40, resources 53, operator 57, system 58/XX, objects not in the
 * expected state 55, a missing table 42 or database 3D after a bad deployment) is the
 * infrastructure's and is retried. Without SQL state, Spring's and Kafka's transient and
 * connection exceptions, I/O errors (not JSON's), and what the service adds ({@code alsoTransient}) are
 * transient; anything else the code threw for a record (an arithmetic overflow, an illegal
 * argument, a JSON error) is deterministic.
 *
 * <p>An {@link Error} is neither: it is never caught here and reaches the container.
 */
public final class FailureKinds {
    private final Predicate<Throwable> alsoTransient;

    public FailureKinds(Predicate<Throwable> alsoTransient) {
        this.alsoTransient = alsoTransient;
    }

    public FailureKinds() {
        this(t -> false);
    }

    public boolean isTransient(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t) && chain.size() < 50; t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            if (t instanceof SQLException sql) {
                Boolean verdict = bySqlState(sql);
                if (verdict != null) {
                    return verdict;
                }
            }
        }
        for (Throwable t : chain) {
            if (alsoTransient.test(t)
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException || t instanceof TransactionSystemException
                    || t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.TimeoutException
                    || (t instanceof IOException && !(t instanceof JacksonException))) {
                return true;
            }
        }
        return false;
    }

    /** null when the state says nothing (absent). */
    static Boolean bySqlState(SQLException sql) {
        String state = sql.getSQLState();
        if (state == null || state.length() < 2 || "25P02".equals(state)) {
            // 25P02 "current transaction is aborted": a symptom of an earlier statement's error in the
            // same transaction (one a framework caught and went on from), not a verdict of its own.
            return null;
        }
        String kind = state.substring(0, 2);
        return switch (kind) {
            case "22" -> false;
            case "23" -> "23505".equals(state);
            default -> true;
        };
    }
}
