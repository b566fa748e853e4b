package io.cardledger.events.card;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.cardledger.events.notification.RawNotification;

import java.time.Instant;
import java.util.Set;

/**
 * A fact that the card applied one issuer notification under a rulebook version: what it did to
 * the wallet's available and withheld balances, and the authorization's state afterwards.
 * It carries the raw notification, so a replay under another rulebook can recompute it.
 *
 * @param movementId         unique per application; equals the notification id except for a
 *                           parked reversal applied later ({@code <notificationId>/released})
 * @param availableDeltaMinor change to the wallet's available balance
 * @param withheldDeltaMinor  change to the wallet's withheld balance
 * @param rulebookVersion     the rulebook's major version (1), kept for readers written against it
 * @param rulebook            the exact rulebook version that computed it ("1", "1.1"); events stored
 *                            before this field existed read as "1"
 */
public record CardNotificationRecorded(
        String cardId,
        String walletId,
        String movementId,
        int rulebookVersion,
        RawNotification notification,
        long availableDeltaMinor,
        long withheldDeltaMinor,
        AuthorizationView authorization,
        Set<MovementFlag> flags,
        Instant recordedAt,
        String rulebook) implements CardEvent {

    /** The version of events stored before the {@code rulebook} field existed. */
    public static final String RULEBOOK_V1 = "1";

    @JsonCreator
    public CardNotificationRecorded {
        if (rulebook == null) {
            rulebook = RULEBOOK_V1;
        }
    }

    /** A movement computed by rulebook v1 (events as they were stored before rulebook 1.1). */
    public CardNotificationRecorded(String cardId, String walletId, String movementId, int rulebookVersion,
                                    RawNotification notification, long availableDeltaMinor, long withheldDeltaMinor,
                                    AuthorizationView authorization, Set<MovementFlag> flags, Instant recordedAt) {
        this(cardId, walletId, movementId, rulebookVersion, notification, availableDeltaMinor, withheldDeltaMinor,
                authorization, flags, recordedAt, RULEBOOK_V1);
    }

    public String notificationId() {
        return notification.notificationId();
    }
}
