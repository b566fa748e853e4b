package io.cardledger.events.katfacil;

import java.time.Instant;

/**
 * The typed view of one KatFacil webhook, read by the configured field mapping (webhook-ingest,
 * docs/katfacil.md). The body it was read from travels beside it in {@link RawKatFacilEvent#body()},
 * so a corrected mapping can re-read it.
 *
 * @param eventName     the event name as sent ({@code event}, {@code type} or {@code event_type})
 * @param kind          what the name means to the ledger
 * @param eventId       KatFacil's event id, null when the body has none
 * @param cardId        the card, null when the body names none
 * @param userId        the cardholder, may be null
 * @param walletId      a wallet the event names (newcard), usually null
 * @param amount        the amount exactly as sent (major units), null when absent
 * @param amountMinor   the amount in minor units of {@code currency}; 0 unless {@code amountReading} is EXACT
 * @param amountReading how {@code amount} converted
 * @param currency      ISO 4217 code as sent, or the configured default when the body has none
 * @param status        the status (transaction: completed/declined; blockchain: deposit, refund, ...)
 * @param transactionId KatFacil's transaction id, may be null
 * @param fundingId     the funding's id (fundrequest, funded), may be null
 * @param merchant      merchant text, may be null
 * @param occurredAt    the event's own time, null when absent or unreadable
 */
public record KatFacilEvent(
        String eventName,
        KatFacilEventKind kind,
        String eventId,
        String cardId,
        String userId,
        String walletId,
        String amount,
        long amountMinor,
        AmountReading amountReading,
        String currency,
        String status,
        String transactionId,
        String fundingId,
        String merchant,
        Instant occurredAt) {
}
