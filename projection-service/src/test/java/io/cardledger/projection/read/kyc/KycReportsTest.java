package io.cardledger.projection.read.kyc;

import io.cardledger.events.kyc.KycStatusReported;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KycReportsTest {
    private static KycStatusReported report(String id, String user, String status, String receivedAt) {
        return new KycStatusReported(1, id, user, status, null, null, Instant.parse(receivedAt));
    }

    @Test
    void theReportReceivedLastIsCurrentWhateverTheArrivalOrder() {
        KycReports reports = new KycReports();
        reports.add(report("n2", "u1", "APPROVED", "2026-07-01T11:00:00Z"));
        reports.add(report("n1", "u1", "PENDING", "2026-07-01T10:00:00Z"));
        reports.add(report("n3", "u2", "REJECTED", "2026-07-01T09:00:00Z"));

        assertThat(reports.all()).hasSize(3);
        assertThat(reports.latestPerUser()).extracting(KycStatusReported::notificationId).containsExactly("n2", "n3");
    }

    @Test
    void aReportWithoutUserOrTimeIsRefused() {
        assertThatThrownBy(() -> new KycReports().add(new KycStatusReported(1, "n", " ", "OK", null, null, Instant.now())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KycReports().add(new KycStatusReported(1, "n", "u", "OK", null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReportWithoutIdGetsOneFromItsContent() {
        KycStatusReported a = new KycStatusReported(1, null, "u1", "OK", "d", "t", Instant.now());
        KycStatusReported b = new KycStatusReported(1, "", "u1", "OK", "d", "t", Instant.now().plusSeconds(5));

        assertThat(KycProjection.idOf(a)).startsWith("kyc-").isEqualTo(KycProjection.idOf(b));
        assertThat(KycProjection.idOf(new KycStatusReported(1, "given", "u1", "OK", "d", "t", Instant.now()))).isEqualTo("given");
    }
}
