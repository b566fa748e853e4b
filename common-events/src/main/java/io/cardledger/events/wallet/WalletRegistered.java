package io.cardledger.events.wallet;

import java.time.Instant;

/** A fact that the integrator opened this wallet at the issuer (walletType as the issuer numbers it). */
public record WalletRegistered(
        String walletId,
        String userId,
        String currency,
        int walletType,
        Instant registeredAt) implements WalletEvent {
}
