package io.cardledger.projection.read.kyc;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.Topics;
import io.cardledger.events.kyc.KycStatusReported;
import io.cardledger.projection.LedgerFixtures;
import io.cardledger.projection.ProjectionITBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.time.Instant;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KycIT extends ProjectionITBase {

    private static KycStatusReported report(String user, String status, Instant receivedAt) {
        return new KycStatusReported(KycStatusReported.SCHEMA_VERSION, uniqueId("kyc"), user, status, status + " by issuer",
                "2026-07-01T10:00:00", receivedAt);
    }

    @Test
    void theLatestReportWinsEvenWhenAnOlderOneIsRedeliveredAfterIt() {
        // given
        String user = uniqueId("u");
        KycStatusReported pending = report(user, "PENDING", Instant.parse("2026-07-01T10:00:00Z"));
        KycStatusReported approved = report(user, "APPROVED", Instant.parse("2026-07-01T11:00:00Z"));
        publishRaw(Topics.KYC, user, LedgerFixtures.bytes(pending));
        publishRaw(Topics.KYC, user, LedgerFixtures.bytes(approved));

        // when the older one comes again, and a late report received before the approval follows it
        publishRaw(Topics.KYC, user, LedgerFixtures.bytes(pending));
        KycStatusReported late = report(user, "REVIEW", Instant.parse("2026-07-01T10:30:00Z"));
        publishRaw(Topics.KYC, user, LedgerFixtures.bytes(late));
        await().atMost(PROJECTED).until(() -> get("/api/v1/users/" + user + "/kyc").getStatusCode().is2xxSuccessful()
                && get("/api/v1/users/" + user + "/kyc").getBody().get("history").size() == 3);

        // then every report is kept once, and the status is the one received last
        JsonNode kyc = get("/api/v1/users/" + user + "/kyc").getBody();
        assertThat(kyc.get("status").asText()).isEqualTo("APPROVED");
        assertThat(kyc.get("description").asText()).isEqualTo("APPROVED by issuer");
        assertThat(kyc.get("history").get(0).get("status").asText()).isEqualTo("APPROVED");
        assertThat(kyc.get("history").get(1).get("status").asText()).isEqualTo("REVIEW");
        assertThat(kyc.get("history").get(2).get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void unknownUserIsANotFoundProblem() {
        ResponseEntity<JsonNode> r = get("/api/v1/users/" + uniqueId("nobody") + "/kyc");

        assertThat(r.getStatusCode().value()).isEqualTo(404);
        assertThat(r.getBody().get("title").asText()).isEqualTo("User not found");
    }
}
