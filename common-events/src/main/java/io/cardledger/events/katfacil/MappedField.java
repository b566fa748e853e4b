package io.cardledger.events.katfacil;

import java.util.Locale;

/** The fields the mapping reads from a KatFacil body; configured as {@code event-id}, {@code card-id}, ... */
public enum MappedField {
    EVENT_ID, CARD_ID, USER_ID, WALLET_ID, AMOUNT, CURRENCY, STATUS, TRANSACTION_ID, FUNDING_ID, MERCHANT, TIME;

    /** The configuration key: {@code EVENT_ID} is {@code event-id}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static MappedField ofKey(String key) {
        for (MappedField f : values()) {
            if (f.key().equalsIgnoreCase(key) || f.name().equalsIgnoreCase(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown KatFacil mapping field \"" + key + "\"; known: event-id, card-id, user-id, "
                + "wallet-id, amount, currency, status, transaction-id, funding-id, merchant, time");
    }
}
