package io.cardledger.ingest.kyc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.kyc.KycStatusReported;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.WebhookRejectedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class KycIntakeTest {
    private static final Instant NOW = Instant.parse("2026-07-21T10:15:30Z");
    private final KycIntake intake = new KycIntake(io.cardledger.ingest.web.CardDataScrubber.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static byte[] body(String status, String fullName) {
        return ("{\"metadata\":{\"userId\":\"u-1\"},\"status\":\"" + status + "\",\"description\":\"AML checks rejected\","
                + "\"fullName\":\"" + fullName + "\",\"age\":\"71 years\",\"timeStamp\":\"2023-03-16T09:42:18.8338086Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheStatusAndDropsNameAndAge() throws Exception {
        KycIntake.AcceptedKyc accepted = intake.accept(body("rejected", "Ana Pérez"));

        KycStatusReported event = LedgerEventTypes.configure(new ObjectMapper()).readValue(accepted.payload(), KycStatusReported.class);
        assertThat(event).isEqualTo(new KycStatusReported(1, accepted.event().notificationId(), "u-1", "rejected",
                "AML checks rejected", "2023-03-16T09:42:18.8338086Z", NOW));
        assertThat(new String(accepted.payload(), StandardCharsets.UTF_8)).doesNotContain("Pérez").doesNotContain("71 years").doesNotContain("\"age\"");
    }

    @Test
    void theSameWebhookGetsTheSameIdAndAnotherStatusAnother() {
        String first = intake.accept(body("rejected", "Ana Pérez")).event().notificationId();

        assertThat(intake.accept(body("rejected", "Ana Pérez")).event().notificationId()).isEqualTo(first);
        assertThat(intake.accept(body("verified", "Ana Pérez")).event().notificationId()).isNotEqualTo(first);
    }

    @Test
    void aUserIdThatIsNotTextIsRefused() {
        WebhookRejectedException e = catchThrowableOfType(WebhookRejectedException.class,
                () -> intake.accept("{\"metadata\":{\"userId\":42},\"status\":\"verified\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(e.rejection()).isEqualTo(Rejection.INVALID_FIELD);
        assertThat(e.getMessage()).contains("metadata.userId");
    }
}
