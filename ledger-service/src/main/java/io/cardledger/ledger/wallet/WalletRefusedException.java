package io.cardledger.ledger.wallet;

/**
 * An operation the integrator asked us to record that the wallet refuses. The titles are the
 * issuer's own, so integrators see the same words from us and from the issuer.
 */
public class WalletRefusedException extends RuntimeException {
    public enum Reason {
        INSUFFICIENT_FUNDS("Wallet does not have sufficient funds"),
        CURRENCY_MISMATCH("currency code does not match walletId"),
        TARGET_CURRENCY_MISMATCH("currency code does not match target walletId"),
        SAME_WALLET("Source and target wallet are the same"),
        WALLET_CONFLICT("Wallet already registered with other details"),
        OPERATION_CONFLICT("Operation id already used for another operation"),
        BALANCE_OVERFLOW("The wallet's balance would exceed the largest amount the ledger can hold"),
        NOT_A_CREDIT_WALLET("Wallet is not a credit wallet");

        private final String title;

        Reason(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final Reason reason;

    public WalletRefusedException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
