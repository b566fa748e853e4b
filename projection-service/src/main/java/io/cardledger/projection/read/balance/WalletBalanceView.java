package io.cardledger.projection.read.balance;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * A wallet's balance as of the last ledger event applied. Amounts are minor units of {@code currency};
 * available, withheld and total always come from the same event.
 */
@Schema(name = "WalletBalance")
public record WalletBalanceView(
        String walletId,
        @Schema(description = "null until the wallet's registration has been projected") String userId,
        String currency,
        Integer walletType,
        @Schema(description = "Spendable balance, minor units") long available,
        @Schema(description = "Withheld by open authorizations, minor units") long withheld,
        @Schema(description = "available + withheld, minor units") long total,
        @Schema(description = "When the ledger stored the last event applied to this row") Instant lastEventAt,
        @Schema(description = "Sequence of that event in the wallet's stream") long lastSequence,
        Instant registeredAt) {
}
