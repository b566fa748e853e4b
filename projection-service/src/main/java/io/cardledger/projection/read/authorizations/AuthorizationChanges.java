package io.cardledger.projection.read.authorizations;

import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.notification.CardNotification;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one poll of card events writes: card rows, each authorization's latest state (collapsed to
 * one row per (cardId, c11), since the ledger's {@link AuthorizationView} is the whole state after
 * each notification) and one history step per notification that touched an authorization.
 */
final class AuthorizationChanges {

    record CardRow(String cardId, String walletId, String userId, String product, Boolean physical, Instant registeredAt,
                   int awaitingDelta, boolean registered, Instant eventAt, String issuer) {
    }

    record Key(String cardId, String transactionId) {
    }

    /** First-seen fields come from the first notification of the poll, state from the last. */
    record State(String cardId, String transactionId, String walletId, AuthorizationStatus status, long authorizedMinor,
                 long heldMinor, long settledMinor, int modifications, String authorizationCode, String merchantName,
                 String merchantId, String merchantCategory, String firstNotificationType, String lastNotificationType,
                 LocalDateTime localTransactionTime, Instant firstRecordedAt, Instant lastRecordedAt, long lastSequence) {
    }

    record Step(String cardId, long sequence, String transactionId, String eventId, String movementId, String notificationId,
                String notificationType, String kind, long amountMinor, long availableDeltaMinor, long withheldDeltaMinor,
                AuthorizationView after, List<String> flags, int rulebookVersion, Instant recordedAt) {
    }

    private final Map<String, CardRow> cards = new LinkedHashMap<>();
    private final Map<Key, State> states = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();

    void add(LedgerEventEnvelope envelope, Object event) {
        if (event instanceof CardRegistered r) {
            // The ledger applies every waiting notification when the card is registered.
            cards.put(r.cardId(), new CardRow(r.cardId(), r.walletId(), r.userId(), r.product(), r.physical(), r.registeredAt(),
                    0, true, envelope.timestamp(), r.issuerName()));
        } else if (event instanceof NotificationAwaitingCard a) {
            CardRow previous = cards.get(a.cardId());
            cards.put(a.cardId(), previous == null
                    ? new CardRow(a.cardId(), null, null, null, null, null, 1, false, envelope.timestamp(), null)
                    : new CardRow(previous.cardId(), previous.walletId(), previous.userId(), previous.product(), previous.physical(),
                    previous.registeredAt(), previous.awaitingDelta() + 1, previous.registered(), envelope.timestamp(),
                    previous.issuer()));
        } else if (event instanceof CardNotificationRecorded n) {
            addNotification(envelope, n);
        }
    }

    private void addNotification(LedgerEventEnvelope envelope, CardNotificationRecorded n) {
        AuthorizationView view = n.authorization();
        String c11 = view == null ? "" : view.transactionId();
        if (c11 == null || c11.isBlank()) {
            return; // An empty c11 never matches anything (declines): there is no authorization to show it under.
        }
        CardNotification notification = n.notification() == null ? null : n.notification().notification();
        Instant recordedAt = n.recordedAt() != null ? n.recordedAt() : envelope.timestamp();
        String type = notification == null ? null : notification.type();
        steps.add(new Step(n.cardId(), envelope.sequence(), c11, envelope.eventId(), n.movementId(), n.notificationId(), type,
                notification == null ? null : notification.kind().name(), notification == null ? 0 : notification.amountMinor(),
                n.availableDeltaMinor(), n.withheldDeltaMinor(), view, flags(n.flags()), n.rulebookVersion(), recordedAt));
        if (view.status() == null || view.status() == AuthorizationStatus.NONE) {
            return;
        }
        Key key = new Key(n.cardId(), c11);
        State first = states.get(key);
        // As the upsert: a wallet id once known is kept when a later event has none.
        String walletId = n.walletId() == null && first != null ? first.walletId() : n.walletId();
        states.put(key, new State(n.cardId(), c11, walletId, view.status(), view.authorizedMinor(), view.heldMinor(),
                view.settledMinor(), view.modifications(),
                first != null && nonEmpty(first.authorizationCode()) ? first.authorizationCode() : notification == null ? null : notification.authorizationCode(),
                first != null && first.merchantName() != null ? first.merchantName() : notification == null ? null : notification.merchantName(),
                first != null && first.merchantId() != null ? first.merchantId() : notification == null ? null : notification.merchantId(),
                first != null && first.merchantCategory() != null ? first.merchantCategory() : notification == null ? null : notification.merchantCategory(),
                first != null ? first.firstNotificationType() : type,
                type,
                first != null && first.localTransactionTime() != null ? first.localTransactionTime() : notification == null ? null : notification.transactionTime(),
                first != null ? first.firstRecordedAt() : recordedAt,
                recordedAt,
                envelope.sequence()));
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static List<String> flags(Set<MovementFlag> flags) {
        return flags == null ? List.of() : flags.stream().map(Enum::name).sorted().toList();
    }

    Collection<CardRow> cards() {
        return cards.values();
    }

    Collection<State> states() {
        return states.values();
    }

    List<Step> steps() {
        return steps;
    }

    /** The history steps added since the last call; later steps go to a new list. */
    List<Step> takeSteps() {
        List<Step> taken = new ArrayList<>(steps);
        steps.clear();
        return taken;
    }
}
