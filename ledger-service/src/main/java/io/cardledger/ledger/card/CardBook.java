package io.cardledger.ledger.card;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.NotificationKind;
import io.cardledger.events.notification.RawNotification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a card remembers to apply the rulebook: its authorizations by c11, reversals parked
 * until their authorization arrives, settlements that came before their authorization, and the
 * notifications already applied (for exactly-once effect). Changed only by {@link #record} and
 * friends, which assign what recorded events say: no decisions here. Snapshots serialize its fields.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class CardBook {
    private String walletId;
    private final Set<String> seenNotifications = new HashSet<>();
    private final Map<String, AuthorizationView> authorizations = new HashMap<>();
    private final Map<String, List<RawNotification>> parkedReversals = new LinkedHashMap<>();
    private final Map<String, EarlySettlement> earlySettlements = new HashMap<>();
    private final List<RawNotification> awaitingCard = new ArrayList<>();

    /** What a settlement that arrived before its authorization was, so the late authorization can be posted right. */
    public record EarlySettlement(NotificationKind kind, boolean multiclearingPartial, long settledMinor) {
    }

    public boolean registered() {
        return walletId != null;
    }

    public String walletId() {
        return walletId;
    }

    public boolean hasSeen(String notificationId) {
        return seenNotifications.contains(notificationId);
    }

    public AuthorizationView authorization(String transactionId) {
        return transactionId == null || transactionId.isEmpty() ? null : authorizations.get(transactionId);
    }

    public List<RawNotification> parkedReversals(String transactionId) {
        return List.copyOf(parkedReversals.getOrDefault(transactionId, List.of()));
    }

    public EarlySettlement earlySettlement(String transactionId) {
        return earlySettlements.get(transactionId);
    }

    public List<RawNotification> awaitingCard() {
        return List.copyOf(awaitingCard);
    }

    public Map<String, AuthorizationView> authorizations() {
        return Map.copyOf(authorizations);
    }

    public void register(String walletId) {
        this.walletId = walletId;
        awaitingCard.clear();
    }

    public void await(RawNotification notification) {
        seenNotifications.add(notification.notificationId());
        awaitingCard.add(notification);
    }

    public void record(CardNotificationRecorded e) {
        RawNotification raw = e.notification();
        seenNotifications.add(raw.notificationId());
        AuthorizationView view = e.authorization();
        String c11 = view.transactionId();
        if (c11 == null || c11.isEmpty()) {
            return;
        }
        if (e.flags().contains(MovementFlag.PARKED_REVERSAL_APPLIED)) {
            List<RawNotification> parked = parkedReversals.get(c11);
            if (parked != null) {
                parked.removeIf(p -> p.notificationId().equals(raw.notificationId()));
                if (parked.isEmpty()) {
                    parkedReversals.remove(c11);
                }
            }
        }
        switch (view.status()) {
            case NONE -> {
                // Declines and unrecognised types never open or change an authorization.
            }
            case REVERSAL_PARKED -> parkedReversals.computeIfAbsent(c11, k -> new ArrayList<>()).add(raw);
            case SETTLED_BEFORE_AUTHORIZATION -> {
                earlySettlements.putIfAbsent(c11, new EarlySettlement(raw.notification().kind(),
                        raw.notification().multiclearing() && !raw.notification().multiclearingClose(), view.settledMinor()));
                authorizations.put(c11, view);
            }
            default -> authorizations.put(c11, view);
        }
    }

    /** True while an authorization still holds funds (it can be settled, reversed or advised). */
    public static boolean isOpenHold(AuthorizationView a) {
        return a != null && (a.status() == AuthorizationStatus.PENDING || a.status() == AuthorizationStatus.PARTLY_SETTLED);
    }

    public static boolean isOpenCredit(AuthorizationView a) {
        return a != null && a.status() == AuthorizationStatus.CREDITED;
    }

    /** "None open" for settlements: nothing matched, or only a refund request. */
    public static boolean isNone(AuthorizationView a) {
        return a == null || a.status() == AuthorizationStatus.REFUND_PENDING || a.status() == AuthorizationStatus.NONE;
    }
}
