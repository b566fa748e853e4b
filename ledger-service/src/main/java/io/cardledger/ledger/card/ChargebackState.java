package io.cardledger.ledger.card;

import io.cardledger.events.card.ChargebackOutcome;

import java.time.Instant;

/**
 * One transaction's chargeback (card + c11) as the card sees it.
 *
 * @param status        the issuer's last status word, or "REQUESTED" while only marked
 * @param creditedMinor what was credited to the wallet for it (a WON chargeback, once)
 */
public record ChargebackState(String cardId, String transactionId, boolean isChargeBack, String status,
                              ChargebackOutcome outcome, long creditedMinor, Instant requestedAt, Instant lastReportAt) {
}
