package io.cardledger.ledger.card;

import java.time.Instant;

/**
 * A card as its aggregate sees it now: what GET /api/v1/cards/{cardId} and the card controls answer.
 *
 * @param monthlyLimitMinor  0 = no limit (the issuer's "No stablish internal limit")
 * @param spentThisMonthMinor what card notifications took from available this calendar month (UTC), net of
 *                            what they gave back (reversals, refunds)
 */
public record CardState(String cardId, String walletId, String userId, String product, boolean physical,
                        String issuer, CardStatus status, boolean active, long monthlyLimitMinor,
                        long spentThisMonthMinor, String month, Instant registeredAt) {
}
