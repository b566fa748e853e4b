package io.cardledger.ledger.card;

/** A card id is issued once, on one wallet: registering it again elsewhere is a mistake to surface. */
public class CardAlreadyRegisteredException extends RuntimeException {
    public CardAlreadyRegisteredException(String cardId, String walletId) {
        super("Card " + cardId + " is already registered on wallet " + walletId);
    }
}
