package io.cardledger.support.parking;

import com.fasterxml.jackson.core.JsonParseException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureKindsTest {
    private final FailureKinds kinds = new FailureKinds(t -> t instanceof IllegalMonitorStateException);

    private static RuntimeException wrapped(Throwable cause) {
        return new RuntimeException("unit of work failed", new IllegalStateException("commit failed", cause));
    }

    @Test
    void dataExceptionsFromTheDatabaseAreTheRecords() {
        assertThat(kinds.isTransient(wrapped(new SQLException("value too long", "22001")))).isFalse();
        assertThat(kinds.isTransient(wrapped(new SQLException("invalid byte sequence 0x00", "22021")))).isFalse();
        assertThat(kinds.isTransient(wrapped(new SQLException("numeric out of range", "22003")))).isFalse();
        assertThat(kinds.isTransient(wrapped(new SQLException("not null", "23502")))).isFalse();
        assertThat(kinds.isTransient(wrapped(new SQLException("current transaction is aborted", "25P02")))).isFalse();
    }

    @Test
    void conflictsConnectionsAndMissingTablesAreTheInfrastructures() {
        assertThat(kinds.isTransient(wrapped(new SQLException("could not serialize", "40001")))).isTrue();
        assertThat(kinds.isTransient(wrapped(new SQLException("deadlock detected", "40P01")))).isTrue();
        assertThat(kinds.isTransient(wrapped(new SQLException("connection refused", "08001")))).isTrue();
        assertThat(kinds.isTransient(wrapped(new SQLException("terminating connection", "57P01")))).isTrue();
        assertThat(kinds.isTransient(wrapped(new SQLException("relation does not exist", "42P01")))).isTrue();
        assertThat(kinds.isTransient(wrapped(new SQLException("duplicate key", "23505")))).isTrue();
        assertThat(kinds.isTransient(new CannotGetJdbcConnectionException("pool exhausted"))).isTrue();
        assertThat(kinds.isTransient(wrapped(new ConnectException("refused")))).isTrue();
        assertThat(kinds.isTransient(new org.apache.kafka.common.errors.TimeoutException("no broker"))).isTrue();
        assertThat(kinds.isTransient(wrapped(new IllegalMonitorStateException("service's own")))).isTrue();
    }

    @Test
    void whatTheCodeThrowsForARecordIsDeterministic() {
        assertThat(kinds.isTransient(new ArithmeticException("long overflow"))).isFalse();
        assertThat(kinds.isTransient(wrapped(new IllegalArgumentException("bad id")))).isFalse();
        assertThat(kinds.isTransient(wrapped(new JsonParseException(null, "unexpected character")))).isFalse();
        assertThat(kinds.isTransient(new DataIntegrityViolationException("check", new SQLException("check", "23514")))).isFalse();
    }
}
