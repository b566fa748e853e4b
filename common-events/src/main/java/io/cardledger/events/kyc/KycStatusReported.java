package io.cardledger.events.kyc;

import java.time.Instant;

/**
 * A fact that the issuer reported a user's KYC status. Deliberately without the full name and
 * age the webhook carries: the status is all the ledger needs, so no more personal data is kept.
 */
public record KycStatusReported(
        int schemaVersion,
        String notificationId,
        String userId,
        String status,
        String description,
        String reportedAt,
        Instant receivedAt) {

    public static final int SCHEMA_VERSION = 1;
}
