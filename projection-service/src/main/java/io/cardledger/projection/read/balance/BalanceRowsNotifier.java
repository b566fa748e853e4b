package io.cardledger.projection.read.balance;

import io.cardledger.projection.consume.AppliedEvent;
import io.cardledger.projection.consume.PollWriteListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/** After a live poll's writes: every instance's in-memory balance copy gets the written rows as they stand, at commit. */
@Component
class BalanceRowsNotifier implements PollWriteListener {
    @Override
    public void pollWritten(JdbcTemplate jdbc, List<AppliedEvent> applied) {
        BalanceNotifications.rowsWritten(jdbc, BalanceNotifications.walletsWrittenBy(applied));
    }
}
