package io.cardledger.ingest.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.text.TextSafety;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.notification.InvalidNotificationException;
import io.cardledger.events.notification.NotificationKind;
import io.cardledger.events.notification.NotificationParser;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ingest.web.CardDataScrubber;
import io.cardledger.ingest.web.JsonBodies;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.SharedSecret;
import io.cardledger.ingest.web.WebhookRejectedException;

import java.time.Clock;

/**
 * Turns a notification body into the record appended to the raw log, or refuses it. No Spring,
 * no Kafka: everything that decides whether a webhook is accepted lives here.
 *
 * <p>Order matters: the password is checked before the fields, so an unauthenticated caller
 * learns nothing about what a valid notification looks like, and it is removed before the body
 * is parsed, hashed or serialised, so no later step can leak it; so are card data and other
 * secrets at any depth ({@link CardDataScrubber}).
 */
public final class NotificationIntake {
    private final SharedSecret password;
    private final CardDataScrubber scrubber;
    private final Clock clock;

    public NotificationIntake(SharedSecret password, CardDataScrubber scrubber, Clock clock) {
        this.password = password;
        this.scrubber = scrubber;
        this.clock = clock;
    }

    /** @throws NotificationRejectedException when the body is not accepted */
    public AcceptedNotification accept(byte[] bodyBytes) {
        ObjectNode body;
        try {
            body = JsonBodies.readObject(bodyBytes);
        } catch (WebhookRejectedException e) {
            throw new NotificationRejectedException(e.rejection(), e.getMessage(), null);
        }
        NotificationKind kind = NotificationKind.of(JsonBodies.text(body.get("c1Tipo")));
        String presented = JsonBodies.text(body.remove(NotificationParser.PASSWORD_FIELD));
        if (!password.matches(presented)) {
            throw new NotificationRejectedException(Rejection.UNAUTHORIZED,
                    presented == null ? "The body has no \"password\" field; send the password enlisted with NotificationEnlist"
                            : "The \"password\" field does not match the enlisted webhook password", kind);
        }
        // Card data and secrets out before anything reads the body for keeps: the parsed fields, the
        // id (a hash of the scrubbed body, so a redelivery still gets the same id) and the stored copy.
        scrubber.scrub(body);
        // Ids are refused, free text is kept with its control characters replaced (docs/adr/0008).
        String cardId = JsonBodies.text(body.get("c2CardId"));
        if (cardId != null && !TextSafety.isValidId(cardId)) {
            throw new NotificationRejectedException(Rejection.INVALID_FIELD,
                    "c2CardId must be 1-" + TextSafety.MAX_ID_LENGTH + " characters with no control characters", kind);
        }
        TextSafety.cleanTexts(body);
        CardNotification notification;
        try {
            notification = NotificationParser.parse(body);
        } catch (InvalidNotificationException e) {
            throw new NotificationRejectedException(Rejection.INVALID_FIELD, e.getMessage(), kind);
        }
        RawNotification raw = new RawNotification(RawNotification.SCHEMA_VERSION, NotificationIdDigest.of(body),
                clock.instant(), notification, body);
        return new AcceptedNotification(notification.cardId(), raw.notificationId(), notification.kind(),
                RawNotificationWriter.write(raw));
    }

    /**
     * @param key            the Kafka key, c2CardId, so one card's notifications stay in order on one partition
     * @param notificationId the deterministic id the caller gets back
     * @param payload        the {@link RawNotification} as JSON, without the password
     */
    public record AcceptedNotification(String key, String notificationId, NotificationKind kind, byte[] payload) {
    }
}
