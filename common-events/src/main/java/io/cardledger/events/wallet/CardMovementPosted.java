package io.cardledger.events.wallet;

import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.NotificationKind;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Set;

/**
 * A fact that a card notification moved (or was recorded against) this wallet's balances.
 * Carries what a transaction list shows, so projections never call back to the card.
 *
 * @param transactionId c11, which links batch corrections to their original authorization
 */
public record CardMovementPosted(
        String walletId,
        String movementId,
        String cardId,
        String notificationId,
        String notificationType,
        NotificationKind kind,
        boolean moneySend,
        String transactionId,
        String authorizationCode,
        String merchantName,
        String merchantId,
        String merchantCategory,
        long amountMinor,
        long availableDeltaMinor,
        long withheldDeltaMinor,
        Balance balanceAfter,
        AuthorizationStatus authorizationStatus,
        Set<MovementFlag> flags,
        int rulebookVersion,
        LocalDateTime transactionTime,
        Instant occurredAt) implements WalletMovement {
}
