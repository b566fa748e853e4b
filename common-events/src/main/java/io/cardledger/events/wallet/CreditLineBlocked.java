package io.cardledger.events.wallet;

import java.time.Instant;

/**
 * A fact that the ledger saw the credit line used past its term (non-payment, the issuer's
 * "blocked by the system"): the line reads blocked until a payment with {@code restoreCredit}.
 * The issuer decides approvals; notifications keep being applied.
 */
public record CreditLineBlocked(String walletId, String reason, String movementId, Instant blockedAt)
        implements WalletEvent {
}
