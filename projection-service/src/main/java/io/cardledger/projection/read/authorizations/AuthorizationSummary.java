package io.cardledger.projection.read.authorizations;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One authorization (cardId + c11) and where it is in its lifecycle. Amounts are minor units of
 * the wallet's currency.
 */
@Schema(name = "Authorization")
public record AuthorizationSummary(
        String cardId,
        @Schema(description = "c11NumeroIdentificativoTransaccion") String transactionId,
        String walletId,
        String currency,
        @Schema(description = "PENDING, PARTLY_SETTLED, SETTLED, SETTLED_BEFORE_AUTHORIZATION, REVERSED, REVERSAL_PARKED, "
                + "EXPIRED, CREDITED, CREDIT_CONFIRMED, CREDIT_REVERSED, REFUND_PENDING") String status,
        long authorized,
        @Schema(description = "Still withheld for it") long held,
        @Schema(description = "Settled (spent) so far") long settled,
        @Schema(description = "Batch settlements applied; more than one means modified twice") int modifications,
        boolean corrected,
        @Schema(description = "c38NumeroAutorizacion") String authorizationCode,
        @Schema(description = "c43IdentificadorComercio") String merchantName,
        @Schema(description = "c42Comercio") String merchantId,
        @Schema(description = "MCC") String merchantCategory,
        String firstNotificationType,
        String lastNotificationType,
        LocalDateTime localTransactionTime,
        Instant firstRecordedAt,
        Instant lastRecordedAt,
        @Schema(description = "Only on the single-authorization endpoint: every notification that touched it, oldest first")
        List<Step> history) {

    /** One notification's effect on the authorization. */
    @Schema(name = "AuthorizationStep")
    public record Step(long sequence, String movementId, String notificationId, String notificationType, String kind,
                       long amount, long availableDelta, long withheldDelta, String statusAfter, long authorizedAfter,
                       long heldAfter, long settledAfter, int modificationsAfter, List<String> flags, int rulebookVersion,
                       Instant recordedAt) {
    }

    AuthorizationSummary withHistory(List<Step> steps) {
        return new AuthorizationSummary(cardId, transactionId, walletId, currency, status, authorized, held, settled, modifications,
                corrected, authorizationCode, merchantName, merchantId, merchantCategory, firstNotificationType,
                lastNotificationType, localTransactionTime, firstRecordedAt, lastRecordedAt, steps);
    }
}
