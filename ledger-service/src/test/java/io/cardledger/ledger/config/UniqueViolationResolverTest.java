package io.cardledger.ledger.config;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class UniqueViolationResolverTest {
    private final UniqueViolationResolver resolver = new UniqueViolationResolver();

    @Test
    void aUniqueViolationAnywhereInTheChainIsADuplicateKey() {
        SQLException unique = new SQLException("duplicate key value violates unique constraint", "23505");
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "23505", new int[0]);
        BatchUpdateException batchWithNext = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        batchWithNext.setNextException(unique);

        assertThat(resolver.isDuplicateKeyViolation(unique)).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException(batch))).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException(new RuntimeException(batchWithNext)))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("deadlock detected", "40P01"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("not null", "23502"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException("no SQL here"))).isFalse();
    }
}
