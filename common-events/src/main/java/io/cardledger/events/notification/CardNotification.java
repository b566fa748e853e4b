package io.cardledger.events.notification;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * The typed view of one issuer transaction notification (PayCaddy "Transaction Webhooks").
 * Field names are English; the issuer's Spanish names are in the comments. The untouched body
 * travels beside it in {@link RawNotification#body()}, so a later rulebook can re-read anything.
 *
 * @param type               c1Tipo, e.g. PeticionAutorizacion, TransaccionConfirmada, a decline reason
 * @param cardId             c2CardId
 * @param processingCode     c3CodigoProceso ("820000" is MoneySend)
 * @param amountMinor        c4ImporteTransaccion in minor units of the wallet's currency
 * @param transactionTime    c7FechaHoraTransaccion, local time where the transaction was acquired
 * @param createdAtUtc       BDateUtcCreate, null when absent or unreadable
 * @param transactionId      c11NumeroIdentificativoTransaccion, "" when the issuer sent none
 * @param merchantCategory   c18CodigoActividadEstablecimiento (MCC)
 * @param acquirerCountry    c19CodigoPaisAdquirente
 * @param authorizationCode  c38NumeroAutorizacion, may be ""
 * @param terminalId         c41TerminalId
 * @param merchantId         c42Comercio
 * @param merchantName       c43IdentificadorComercio
 * @param chainId            IdCadena
 * @param pointOfServiceData c22DatosPuntoServicio
 * @param pointOfServiceText c22Descripcion
 * @param expiration         isExpiration
 * @param multiclearing      isMulticlearing
 * @param multiclearingClose multiclearingClose
 * @param amountUnreadable   c4 was empty, not digits or beyond a long: {@code amountMinor} is 0, the
 *                           notification moves no money and is flagged "unreadable amount"
 */
public record CardNotification(
        String type,
        String cardId,
        String processingCode,
        long amountMinor,
        LocalDateTime transactionTime,
        Instant createdAtUtc,
        String transactionId,
        String merchantCategory,
        String acquirerCountry,
        String authorizationCode,
        String terminalId,
        String merchantId,
        String merchantName,
        String chainId,
        String pointOfServiceData,
        String pointOfServiceText,
        boolean expiration,
        boolean multiclearing,
        boolean multiclearingClose,
        boolean amountUnreadable) {

    public static final String MONEY_SEND_PROCESSING_CODE = "820000";

    /** Jackson's creator: payloads written before {@code amountUnreadable} existed read it as false. */
    @JsonCreator
    public CardNotification {
    }

    /** A notification whose amount was read. */
    public CardNotification(String type, String cardId, String processingCode, long amountMinor,
                            LocalDateTime transactionTime, Instant createdAtUtc, String transactionId,
                            String merchantCategory, String acquirerCountry, String authorizationCode, String terminalId,
                            String merchantId, String merchantName, String chainId, String pointOfServiceData,
                            String pointOfServiceText, boolean expiration, boolean multiclearing,
                            boolean multiclearingClose) {
        this(type, cardId, processingCode, amountMinor, transactionTime, createdAtUtc, transactionId, merchantCategory,
                acquirerCountry, authorizationCode, terminalId, merchantId, merchantName, chainId, pointOfServiceData,
                pointOfServiceText, expiration, multiclearing, multiclearingClose, false);
    }

    public boolean moneySend() {
        return MONEY_SEND_PROCESSING_CODE.equals(processingCode);
    }

    /** An empty c11 never matches anything (declines carry none). */
    public boolean hasTransactionId() {
        return transactionId != null && !transactionId.isBlank();
    }

    public NotificationKind kind() {
        return NotificationKind.of(type);
    }
}
