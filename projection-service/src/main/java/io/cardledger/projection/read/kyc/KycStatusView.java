package io.cardledger.projection.read.kyc;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A user's current KYC status as the issuer last reported it, with every report received. */
@Schema(name = "KycStatus")
public record KycStatusView(String userId, String status, String description,
                            @Schema(description = "The issuer's own timestamp, as sent") String reportedAt,
                            Instant receivedAt, List<Report> history) {

    @Schema(name = "KycReport")
    public record Report(String notificationId, String status, String description, String reportedAt, Instant receivedAt) {
    }
}
