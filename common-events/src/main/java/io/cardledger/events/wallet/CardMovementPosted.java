package io.cardledger.events.wallet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param issuer        {@code katfacil} for KatFacil movements; null (left out of the JSON, so PayCaddy's
 *                      events keep their bytes) for PayCaddy's: read it with {@link #issuerName()}.
 *                      A KatFacil movement has no {@code kind}, {@code authorizationStatus} or c38; its
 *                      {@code notificationType} is the KatFacil event name.
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
        Instant occurredAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String issuer) implements WalletMovement {

    @JsonCreator
    public CardMovementPosted {
    }

    /** A PayCaddy movement (no issuer field). */
    public CardMovementPosted(String walletId, String movementId, String cardId, String notificationId, String notificationType,
                              NotificationKind kind, boolean moneySend, String transactionId, String authorizationCode,
                              String merchantName, String merchantId, String merchantCategory, long amountMinor,
                              long availableDeltaMinor, long withheldDeltaMinor, Balance balanceAfter,
                              AuthorizationStatus authorizationStatus, Set<MovementFlag> flags, int rulebookVersion,
                              LocalDateTime transactionTime, Instant occurredAt) {
        this(walletId, movementId, cardId, notificationId, notificationType, kind, moneySend, transactionId, authorizationCode,
                merchantName, merchantId, merchantCategory, amountMinor, availableDeltaMinor, withheldDeltaMinor, balanceAfter,
                authorizationStatus, flags, rulebookVersion, transactionTime, occurredAt, null);
    }

    /** "paycaddy" or "katfacil". */
    public String issuerName() {
        return io.cardledger.events.card.Issuers.of(issuer);
    }
}
