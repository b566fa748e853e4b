package io.cardledger.projection.read.kyc;

import io.cardledger.projection.api.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

@RestController
@Tag(name = "Users")
class KycController {
    private final JdbcTemplate jdbc;

    KycController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Operation(summary = "A user's KYC status, newest report first in the history")
    @GetMapping("/api/v1/users/{userId}/kyc")
    KycStatusView kyc(@PathVariable String userId) {
        List<KycStatusView.Report> history = jdbc.query("""
                        SELECT notification_id, status, description, reported_at, received_at FROM kyc_report
                        WHERE user_id = ? ORDER BY received_at DESC LIMIT 100""",
                (rs, i) -> new KycStatusView.Report(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs.getObject(5, OffsetDateTime.class))), userId);
        return jdbc.query("SELECT status, description, reported_at, received_at FROM user_kyc WHERE user_id = ?",
                        (rs, i) -> new KycStatusView(userId, rs.getString(1), rs.getString(2), rs.getString(3),
                                instant(rs.getObject(4, OffsetDateTime.class)), history), userId)
                .stream().findFirst()
                .orElseThrow(() -> new NotFoundException("User not found", "No KYC report for user " + userId + " has been received."));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
