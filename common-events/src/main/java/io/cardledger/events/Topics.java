package io.cardledger.events;

/**
 * Kafka topic names. The version suffix is part of the contract: a breaking change to a
 * message gets a new topic, so old consumers keep reading what they understand.
 */
public final class Topics {
    /** Issuer transaction notifications exactly as received (minus the password), key = cardId. */
    public static final String RAW_NOTIFICATIONS = "cardledger.raw-notifications.v1";
    /** Issuer KYC status webhooks, key = userId. */
    public static final String KYC = "cardledger.kyc.v1";
    /** Events of the ledger's aggregates, key = aggregate id, ordered per aggregate. */
    public static final String LEDGER_EVENTS = "cardledger.ledger-events.v1";

    private Topics() {
    }
}
