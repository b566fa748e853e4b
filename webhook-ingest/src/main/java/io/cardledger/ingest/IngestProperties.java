package io.cardledger.ingest;

import io.cardledger.ingest.web.CardDataScrubber;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the webhook intake.
 *
 * @param webhookPassword         the {@code password} the issuer puts in every notification body
 * @param previousWebhookPassword during a rotation, the password being retired: both are accepted until it is unset
 * @param kycSecret               the shared secret the issuer sends in {@code X-Webhook-Secret} on KYC webhooks
 * @param maxBodyBytes            largest body read; a notification is ~700 bytes, so 64 KiB leaves room without inviting abuse
 * @param publishTimeout          how long a request waits for Kafka's acknowledgement before answering 503
 * @param scrubKeys               keys removed at any depth before anything is stored (case-insensitive)
 * @param panExemptFields         top-level notification fields that are ids by contract and never PAN-masked
 */
@ConfigurationProperties("cardledger.ingest")
public record IngestProperties(String webhookPassword, String previousWebhookPassword, String kycSecret, int maxBodyBytes,
                               Duration publishTimeout, List<String> scrubKeys, List<String> panExemptFields) {

    public IngestProperties {
        webhookPassword = webhookPassword == null ? "" : webhookPassword;
        previousWebhookPassword = previousWebhookPassword == null ? "" : previousWebhookPassword;
        kycSecret = kycSecret == null ? "" : kycSecret;
        scrubKeys = scrubKeys == null || scrubKeys.isEmpty() ? CardDataScrubber.DEFAULT_KEYS : List.copyOf(scrubKeys);
        panExemptFields = panExemptFields == null ? CardDataScrubber.DEFAULT_PAN_EXEMPT_FIELDS : List.copyOf(panExemptFields);
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("cardledger.ingest.max-body-bytes must be positive");
        }
        if (publishTimeout == null || publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("cardledger.ingest.publish-timeout must be positive");
        }
    }

    public CardDataScrubber scrubber() {
        return new CardDataScrubber(scrubKeys, panExemptFields);
    }

    /** A record prints its components; these are secrets and must never reach a log. */
    @Override
    public String toString() {
        return "IngestProperties[webhookPassword=" + (webhookPassword.isEmpty() ? "<unset>" : "<set>")
                + ", previousWebhookPassword=" + (previousWebhookPassword.isEmpty() ? "<unset>" : "<set>")
                + ", kycSecret=" + (kycSecret.isEmpty() ? "<unset>" : "<set>")
                + ", maxBodyBytes=" + maxBodyBytes + ", publishTimeout=" + publishTimeout
                + ", scrubKeys=" + scrubKeys + ", panExemptFields=" + panExemptFields + "]";
    }
}
