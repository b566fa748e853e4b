package io.cardledger.ledger.wallet;

/** A wallet as its aggregate sees it right now; what the write API answers. */
public record WalletState(String walletId, String userId, String currency, int walletType, long availableMinor,
                          long withheldMinor) {
    public long totalMinor() {
        return Math.addExact(availableMinor, withheldMinor);
    }
}
