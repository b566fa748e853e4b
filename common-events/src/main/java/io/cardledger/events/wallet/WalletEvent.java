package io.cardledger.events.wallet;

/** Facts recorded by the Wallet aggregate (one per issuer wallet, keyed by walletId). */
public sealed interface WalletEvent permits WalletRegistered, WalletMovement, CreditLineBlocked {
    String walletId();
}
