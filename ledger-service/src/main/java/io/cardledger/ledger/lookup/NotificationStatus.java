package io.cardledger.ledger.lookup;

import java.time.Instant;
import java.util.List;

/**
 * Where one notification stands in the ledger: received (kept on its card, applied, or parked), applied
 * (with the movements it caused), waiting for its card, a reversal waiting for its authorization, or
 * parked as a poison record.
 */
public record NotificationStatus(
        String notificationId,
        String cardId,
        String transactionId,
        String notificationType,
        /** APPLIED, AWAITING_CARD, REVERSAL_PARKED (applied, waits for its authorization), PARKED or RECEIVED */
        String state,
        boolean received,
        boolean applied,
        boolean parked,
        boolean awaitingCard,
        boolean reversalParked,
        List<MovementLine> movements,
        ParkedLine parkedRecord) {

    /** {@code effect}: for a KatFacil event, what the rules did (CREDIT, DEBIT, DECLINED, ...); absent for PayCaddy's. */
    public record MovementLine(String movementId, long availableDelta, long withheldDelta, String authorizationStatus,
                               List<String> flags, String rulebook, Instant recordedAt,
                               @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                               String effect) {
    }

    public record ParkedLine(long id, String status, String reason, Instant parkedAt) {
    }
}
