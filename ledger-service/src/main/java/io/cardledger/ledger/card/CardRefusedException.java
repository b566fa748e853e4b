package io.cardledger.ledger.card;

/** A card control or lookup the card refuses; titles are the issuer's where it has one ("card not found"). */
public class CardRefusedException extends RuntimeException {
    public enum Reason {
        CARD_NOT_FOUND("card not found"),
        CARD_CANCELLED("Card is cancelled"),
        TRANSACTION_NOT_FOUND("Transaction not found");

        private final String title;

        Reason(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final Reason reason;

    public CardRefusedException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
