package io.cardledger.events.chargeback;

import java.time.Instant;

/**
 * A fact that the issuer reported a chargeback's status through its chargeback webhook, as
 * webhook-ingest read it (topic {@code cardledger.chargebacks.v1}, key cardId). The seed documents no
 * schema, so ingest reads leniently (cardId or c2CardId, transactionId or a c11… field, a status, an
 * optional amount) and keeps the body.
 *
 * @param reportId    deterministic id of the body (SHA-256 of its canonical form): a redelivery has the same
 * @param amountMinor minor units, or null when the issuer sent none
 * @param rawBody     the body as received, with the password and card data removed
 */
public record ChargebackReport(String reportId, String cardId, String transactionId, String status, Long amountMinor,
                               String rawBody, Instant receivedAt) {
}
