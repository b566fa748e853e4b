package io.cardledger.events.katfacil;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.notification.NotificationIds;

import java.time.Instant;

/**
 * One KatFacil webhook as appended to {@code cardledger.katfacil-events.v1}: the source of truth
 * for KatFacil cards, as {@code RawNotification} is for PayCaddy's.
 *
 * @param schemaVersion version of this envelope
 * @param eventKey      deterministic id: from KatFacil's event id when the body has one (a redelivery
 *                      with the same event id is the same event), else from the body's content
 * @param receivedAt    when webhook-ingest accepted it
 * @param event         the typed view, read by the configured mapping
 * @param body          the body as received, minus secrets, OTPs and activation codes
 */
public record RawKatFacilEvent(
        int schemaVersion,
        String eventKey,
        Instant receivedAt,
        KatFacilEvent event,
        ObjectNode body) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * The event key: {@code kf-} and the first 128 bits of SHA-256 of KatFacil's event id when there is
     * one (a redelivery with its event id is the same event whatever else changed), else of the body in
     * canonical form (keys sorted).
     */
    public static String keyOf(String eventId, ObjectNode body) {
        return eventId != null ? NotificationIds.ofText("kf-", "event_id\u0000" + eventId)
                : "kf-" + NotificationIds.of(body).substring(2);
    }
}
