package io.cardledger.ledger.card;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.RawNotification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a card remembers to apply the rulebook: the life of each authorization (its
 * notifications so far, by c11), reversals parked until their authorization arrives, the
 * notifications already applied (for exactly-once effect) and those waiting for the card's
 * registration. Changed only by {@link #record} and friends, which assign what recorded events say:
 * no decisions here. Snapshots serialize its fields (snapshot revision: {@link Card}'s).
 *
 * <p>Events recorded under rulebook v1 build the same state: a life is the notifications the events
 * carry, whatever version computed their movements.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class CardBook {
    private String walletId;
    private final Set<String> seenNotifications = new HashSet<>();
    private final Map<String, Rulebook.Life> lives = new HashMap<>();
    private final Map<String, List<RawNotification>> parkedReversals = new LinkedHashMap<>();
    private final List<RawNotification> awaitingCard = new ArrayList<>();

    public boolean registered() {
        return walletId != null;
    }

    public String walletId() {
        return walletId;
    }

    public boolean hasSeen(String notificationId) {
        return seenNotifications.contains(notificationId);
    }

    /** The life of an authorization so far; empty for an unknown or empty c11. */
    public Rulebook.Life life(String transactionId) {
        if (transactionId == null || transactionId.isEmpty()) {
            return Rulebook.Life.EMPTY;
        }
        return lives.getOrDefault(transactionId, Rulebook.Life.EMPTY);
    }

    public List<RawNotification> parkedReversals(String transactionId) {
        return List.copyOf(parkedReversals.getOrDefault(transactionId, List.of()));
    }

    public List<RawNotification> awaitingCard() {
        return List.copyOf(awaitingCard);
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
        String c11 = raw.notification().hasTransactionId() ? raw.notification().transactionId().trim() : "";
        if (c11.isEmpty()) {
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
        } else if (e.flags().contains(MovementFlag.REVERSAL_PARKED)) {
            parkedReversals.computeIfAbsent(c11, k -> new ArrayList<>()).add(raw);
        }
        Rulebook.Fact fact = Rulebook.factOf(raw);
        if (fact != null) {
            lives.merge(c11, new Rulebook.Life(List.of(fact)), (life, one) -> life.with(fact));
        }
    }

    /**
     * Estimated heap this book takes, for the card cache's memory budget: it grows with every notification the card
     * applied (its id, and its fact in an authorization's life). Measured by {@code CardMemoryBenchmark}: ~220
     * bytes per notification in a book built by the aggregate, ~280–320 in one read from a snapshot; a raw
     * notification still waiting (a parked reversal, or one waiting for the card's registration) keeps its whole body.
     */
    public long estimatedHeapBytes() {
        long waiting = awaitingCard.size();
        for (List<RawNotification> parked : parkedReversals.values()) {
            waiting += parked.size();
        }
        return 1_000L + 320L * seenNotifications.size() + 4_000L * waiting;
    }

    /** True while an authorization still holds funds (it can be settled, reversed or advised). */
    public static boolean isOpenHold(AuthorizationView a) {
        return a != null && (a.status() == AuthorizationStatus.PENDING || a.status() == AuthorizationStatus.PARTLY_SETTLED);
    }
}
