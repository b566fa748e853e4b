package io.cardledger.projection.read.transactions;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/** One line of a wallet's transaction list. Amounts are minor units of {@code currency}. */
@Schema(name = "TransactionLine")
public record TransactionLine(
        @Schema(description = "Position in the wallet's event stream") long sequence,
        String movementId,
        @Schema(description = "CARD, PAY_IN, PAY_OUT, TRANSFER_SENT or TRANSFER_RECEIVED") String movementType,
        @Schema(description = "c7FechaHoraTransaccion read as UTC for card lines, otherwise when the operation was recorded")
        Instant transactionTime,
        @Schema(description = "c7FechaHoraTransaccion as the issuer sent it (local time at the acquirer)")
        LocalDateTime localTransactionTime,
        Instant occurredAt,
        String cardId,
        @Schema(description = "c1Tipo") String notificationType,
        @Schema(description = "What the rulebook made of c1Tipo: AUTHORIZATION, CONFIRMATION, CORRECTION_POSITIVE, …") String kind,
        boolean moneySend,
        @Schema(description = "c11NumeroIdentificativoTransaccion") String transactionId,
        @Schema(description = "c38NumeroAutorizacion") String authorizationCode,
        @Schema(description = "c43IdentificadorComercio") String merchantName,
        @Schema(description = "c42Comercio") String merchantId,
        @Schema(description = "c18CodigoActividadEstablecimiento (MCC)") String merchantCategory,
        String counterpartyWalletId,
        String statement,
        long amount,
        @Schema(description = "Change to available made by this line") long availableDelta,
        @Schema(description = "Change to withheld made by this line") long withheldDelta,
        long availableAfter,
        long withheldAfter,
        String currency,
        @Schema(description = "The authorization's state right after this line") String authorizationStatus,
        List<String> flags,
        @Schema(description = "For card lines with a c11: the authorization (cardId, c11) this line belongs to")
        AuthorizationLink authorization,
        @Schema(description = "The card issuer: paycaddy or katfacil (operations are the integrator's, shown as paycaddy "
                + "unless recorded for a KatFacil card). KatFacil lines: notificationType is the KatFacil event name, "
                + "transactionId its transaction or funding id, kind and authorizationStatus are null")
        String issuer,
        @Schema(description = "The chargeback of this line's transaction (cardId + c11), when one was marked or reported; "
                + "null otherwise")
        Chargeback chargeback,
        @Schema(description = "W3C trace id (32 hex) of the webhook that caused this line, from the traceparent header "
                + "the ledger-events record carried; null for lines recorded without one (before trace context, or by an "
                + "API call)")
        String traceId) {

    /** A transaction's chargeback (issue 21): the seed's IsChargeBack and ChargeBackStatus, and what it credited. */
    @Schema(name = "TransactionChargeback")
    public record Chargeback(
            boolean isChargeBack,
            @Schema(description = "The issuer's last status word, or REQUESTED while only marked") String chargeBackStatus,
            @Schema(description = "OPEN, WON (the amount was credited back) or LOST (nothing moved)") String outcome,
            long credited) {
    }

    /**
     * Links a line to its authorization by (cardId, c11); for batch corrections, settlements and
     * reversals also to the original authorization line in this wallet, when it exists.
     */
    @Schema(name = "AuthorizationLink")
    public record AuthorizationLink(
            String cardId,
            String transactionId,
            String href,
            @Schema(description = "The original authorization's line; null on the authorization itself or when the "
                    + "ledger had none (batch-only)") Original original) {
    }

    @Schema(name = "OriginalAuthorization")
    public record Original(long sequence, String movementId, Instant transactionTime, long amount) {
    }
}
