package io.cardledger.events.card;

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
        Instant recordedAt) implements CardEvent {

    public String notificationId() {
        return notification.notificationId();
    }
}
