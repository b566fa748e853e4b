package io.cardledger.ledger.wallet;

import java.time.Instant;

/**
 * A credit line as its wallet sees it now (the PayCaddy {@code CheckCredit} equivalent, with the figures).
 *
 * @param status    ACTIVE, or BLOCKED (used past its term and not restored by a payment)
 * @param usedMinor limit - available: what is drawn on the line, holds included
 */
public record CreditState(String walletId, String userId, String currency, String status, boolean active,
                          long limitMinor, long usedMinor, long availableMinor, long withheldMinor, int termDays,
                          Instant termStart, Instant termEndsAt, boolean pastTerm, boolean overLimit,
                          long interestRecordedMinor) {
}
