package io.cardledger.ledger.analyst;

/**
 * One wallet's balances as the issuer reports them, in minor units, already read as available and
 * withheld ({@link IssuerExports} decides what the issuer's fields mean).
 */
public record IssuerBalance(String walletId, long available, long withheld) {
}
