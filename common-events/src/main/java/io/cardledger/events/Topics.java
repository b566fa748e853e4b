package io.cardledger.events;

/**
 * Kafka topic names. The version suffix is part of the contract: a breaking change to a
 * message gets a new topic, so old consumers keep reading what they understand.
 */
public final class Topics {
    /** Issuer transaction notifications exactly as received (minus the password), key = cardId. */
    public static final String RAW_NOTIFICATIONS = "cardledger.raw-notifications.v1";
    /**
     * KatFacil webhooks as received (minus secrets, OTPs and activation codes) with their typed view,
     * key = cardId (the event key when the body names no card). Its own topic, not the PayCaddy one:
     * docs/adr/0009-katfacil-topic.md.
     */
    public static final String KATFACIL_EVENTS = "cardledger.katfacil-events.v1";
    /** Issuer KYC status webhooks, key = userId. */
    public static final String KYC = "cardledger.kyc.v1";
    /** Issuer chargeback status webhooks ({@code ChargebackReport}), key = cardId. */
    public static final String CHARGEBACKS = "cardledger.chargebacks.v1";
    /** Events of the ledger's aggregates, key = aggregate id, ordered per aggregate. */
    public static final String LEDGER_EVENTS = "cardledger.ledger-events.v1";

    /**
     * Topic configuration of all four: kept for ever. The raw topic is what the issuer sent (the
     * ledger can be recomputed from it), the ledger topic is what a projection rebuild replays
     * from the first event; neither may age out.
     */
    public static final java.util.Map<String, String> KEEP_FOREVER = java.util.Map.of("retention.ms", "-1", "retention.bytes", "-1");

    private Topics() {
    }
}
