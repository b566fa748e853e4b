package io.cardledger.projection.read.kyc;

import io.cardledger.events.kyc.KycStatusReported;
import io.cardledger.events.notification.NotificationIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.ZoneOffset;
import java.util.List;

/** Keeps {@code user_kyc} (current status) and {@code kyc_report} (every report) in one transaction per poll. */
@Component
public class KycProjection {
    private static final String REPORT = """
            INSERT INTO kyc_report (notification_id, user_id, status, description, reported_at, received_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (notification_id) DO NOTHING
            """;
    // An older report redelivered after a newer one must not take the status back.
    private static final String CURRENT = """
            INSERT INTO user_kyc (user_id, status, description, reported_at, received_at, notification_id)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET status = EXCLUDED.status, description = EXCLUDED.description,
                reported_at = EXCLUDED.reported_at, received_at = EXCLUDED.received_at, notification_id = EXCLUDED.notification_id
            WHERE user_kyc.received_at <= EXCLUDED.received_at
            """;

    private final JdbcTemplate jdbc;

    KycProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public int apply(List<KycStatusReported> reports) {
        KycReports batch = new KycReports();
        reports.forEach(batch::add);
        if (batch.all().isEmpty()) {
            return 0;
        }
        jdbc.batchUpdate(REPORT, batch.all().stream().map(r -> new Object[]{idOf(r), r.userId(), r.status(), r.description(),
                r.reportedAt(), r.receivedAt().atOffset(ZoneOffset.UTC)}).toList());
        jdbc.batchUpdate(CURRENT, batch.latestPerUser().stream().map(r -> new Object[]{r.userId(), r.status(), r.description(),
                r.reportedAt(), r.receivedAt().atOffset(ZoneOffset.UTC), idOf(r)}).toList());
        return batch.all().size();
    }

    /** webhook-ingest derives the id from the content; a report without one gets the same derivation here. */
    static String idOf(KycStatusReported r) {
        if (r.notificationId() != null && !r.notificationId().isBlank()) {
            return r.notificationId();
        }
        return NotificationIds.ofText("kyc-", r.userId() + "|" + r.status() + "|" + r.description() + "|" + r.reportedAt());
    }
}
