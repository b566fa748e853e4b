package io.cardledger.events.card;

import java.time.Instant;

/**
 * A fact that the issuer reported a chargeback's status through its chargeback webhook.
 *
 * @param reportId    the webhook's deterministic id (a redelivery carries the same one)
 * @param status      the issuer's status word, as sent
 * @param outcome     what the ledger made of it: OPEN, WON (for the cardholder: the amount is credited) or LOST
 * @param amountMinor the amount the issuer reported, or null; a won chargeback without one credits the
 *                    authorization's settled (else authorized) amount
 * @param creditedMinor what was credited to the wallet with this report (0 unless WON the first time)
 * @param matched     whether the ledger knows the transaction (card registered and c11 seen)
 * @param rawBody     the webhook body as received, card data and password removed
 */
public record ChargebackStatusReported(String cardId, String walletId, String transactionId, String reportId,
                                       String status, ChargebackOutcome outcome, Long amountMinor, long creditedMinor,
                                       boolean matched, String rawBody, Instant reportedAt) implements CardEvent {
}
