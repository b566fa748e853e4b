package io.cardledger.ingest.kyc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.kyc.KycStatusReported;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.ingest.web.CardDataScrubber;
import io.cardledger.ingest.web.JsonBodies;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.WebhookRejectedException;

import java.time.Clock;

/**
 * Turns a KYC webhook body into {@link KycStatusReported}. Only the status survives: the body's
 * fullName and age are personal data the ledger does not need, so they are dropped here and
 * never serialised, logged or echoed.
 */
public final class KycIntake {
    private static final ObjectMapper EVENTS = LedgerEventTypes.configure(new ObjectMapper());
    /** Separates the fields hashed into the id; it cannot occur in JSON text from the issuer unescaped. */
    private static final char SEPARATOR = '\u0000';

    private final CardDataScrubber scrubber;
    private final Clock clock;

    public KycIntake(CardDataScrubber scrubber, Clock clock) {
        this.scrubber = scrubber;
        this.clock = clock;
    }

    public AcceptedKyc accept(byte[] bodyBytes) {
        ObjectNode body = JsonBodies.readObject(bodyBytes);
        // The kept fields (description in particular) must not carry card data either.
        scrubber.scrub(body);
        String userId = required(JsonBodies.text(body.path("metadata").get("userId")), "metadata.userId");
        String status = required(JsonBodies.text(body.get("status")), "status");
        String description = JsonBodies.text(body.get("description"));
        String reportedAt = JsonBodies.text(body.get("timeStamp"));
        // Same webhook redelivered, same id: the content that matters, not the personal fields.
        String id = NotificationIds.ofText("k-", userId + SEPARATOR + status + SEPARATOR
                + (description == null ? "" : description) + SEPARATOR + (reportedAt == null ? "" : reportedAt));
        KycStatusReported event = new KycStatusReported(KycStatusReported.SCHEMA_VERSION, id, userId, status,
                description, reportedAt, clock.instant());
        return new AcceptedKyc(event, serialise(event));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new WebhookRejectedException(Rejection.INVALID_FIELD, field + " is required (a non-empty string)");
        }
        return value;
    }

    private static byte[] serialise(KycStatusReported event) {
        try {
            return EVENTS.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A KYC status must always serialise", e);
        }
    }

    /** @param payload the event as JSON, keyed by {@code event.userId()} on the KYC topic */
    public record AcceptedKyc(KycStatusReported event, byte[] payload) {
    }
}
