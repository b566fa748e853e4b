package io.cardledger.events.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One issuer notification as appended to {@code cardledger.raw-notifications.v1}: the source of
 * truth every balance is rebuilt from.
 *
 * @param schemaVersion  version of this envelope
 * @param notificationId deterministic id derived from the body's content: redeliveries share it
 * @param receivedAt     when webhook-ingest accepted it
 * @param notification   the typed view, parsed by {@link NotificationParser}
 * @param body           the issuer's JSON body, unchanged except that {@code password} is removed
 */
public record RawNotification(
        int schemaVersion,
        String notificationId,
        Instant receivedAt,
        CardNotification notification,
        ObjectNode body) {

    public static final int SCHEMA_VERSION = 1;
}
