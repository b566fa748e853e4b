package io.cardledger.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings of the webhook intake.
 *
 * @param webhookPassword the {@code password} the issuer puts in every notification body; empty refuses everything
 * @param kycSecret       the shared secret the issuer sends in {@code X-Webhook-Secret} on KYC webhooks; empty refuses everything
 * @param maxBodyBytes    largest body read; a notification is ~700 bytes, so 64 KiB leaves room without inviting abuse
 * @param publishTimeout  how long a request waits for Kafka's acknowledgement before answering 503
 */
@ConfigurationProperties("cardledger.ingest")
public record IngestProperties(String webhookPassword, String kycSecret, int maxBodyBytes, Duration publishTimeout) {

    public IngestProperties {
        webhookPassword = webhookPassword == null ? "" : webhookPassword;
        kycSecret = kycSecret == null ? "" : kycSecret;
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("cardledger.ingest.max-body-bytes must be positive");
        }
        if (publishTimeout == null || publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("cardledger.ingest.publish-timeout must be positive");
        }
    }

    /** A record prints its components; these two are secrets and must never reach a log. */
    @Override
    public String toString() {
        return "IngestProperties[webhookPassword=" + (webhookPassword.isEmpty() ? "<unset>" : "<set>")
                + ", kycSecret=" + (kycSecret.isEmpty() ? "<unset>" : "<set>")
                + ", maxBodyBytes=" + maxBodyBytes + ", publishTimeout=" + publishTimeout + "]";
    }
}
