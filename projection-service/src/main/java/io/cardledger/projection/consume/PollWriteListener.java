package io.cardledger.projection.consume;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Told, last thing inside a live poll's transaction, which events the poll applied: whatever it
 * writes or sends through {@code jdbc} commits with the poll or not at all. The read models
 * implement it, so the consumer does not need to know them.
 */
public interface PollWriteListener {
    void pollWritten(JdbcTemplate jdbc, List<AppliedEvent> applied);
}
