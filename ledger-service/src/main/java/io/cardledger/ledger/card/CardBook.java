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
    /**
     * Ids of the notifications applied (or waiting for the card) that are not in an authorization's life: those
     * without a c11, declines, unrecognised types and unreadable amounts. A notification in a life is known by its
     * fact's id there, so its id is not kept twice (snapshot revision "+seen-in-lives"; older snapshots, whose set
     * holds every id, are ignored and the card is rebuilt from its events).
     */
    private final Set<String> seenNotifications = new HashSet<>();
    private final Map<String, Rulebook.Life> lives = new HashMap<>();
    /** Facts in all lives, for the cache's estimate; not in snapshots, counted again when first needed (-1). */
    private transient int facts = -1;
    private final Map<String, List<RawNotification>> parkedReversals = new LinkedHashMap<>();
    private final List<RawNotification> awaitingCard = new ArrayList<>();

    public boolean registered() {
        return walletId != null;
    }

    public String walletId() {
        return walletId;
    }

    /** True if this notification was applied already, or waits for the card's registration: a redelivery. */
    public boolean hasSeen(RawNotification raw) {
        String id = raw.notificationId();
        if (seenNotifications.contains(id)) {
            return true;
        }
        String c11 = c11Of(raw);
        Rulebook.Life life = c11.isEmpty() ? null : lives.get(c11);
        return life != null && life.hasFact(id);
    }

    private static String c11Of(RawNotification raw) {
        return raw.notification().hasTransactionId() ? raw.notification().transactionId().trim() : "";
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
        String c11 = c11Of(raw);
        Rulebook.Fact fact = c11.isEmpty() ? null : Rulebook.factOf(raw);
        if (fact == null) {
            seenNotifications.add(raw.notificationId());
        }
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
        if (fact != null) {
            Rulebook.Life before = lives.getOrDefault(c11, Rulebook.Life.EMPTY);
            Rulebook.Life after = before.with(fact);
            if (after != before) {
                lives.put(c11, after);
                if (facts >= 0) {
                    facts++;
                }
            }
        }
    }

    /**
     * Estimated heap this book takes, for the card cache's memory budget: it grows with every notification the card
     * applied (its fact in an authorization's life, or its id in the seen set). Measured by {@code CardMemoryBenchmark}
     * (lives of 2–3 notifications): ~170–210 bytes per notification, as built or read from a snapshot; a raw
     * notification still waiting (a parked reversal, or one waiting for the card's registration) keeps its whole body.
     */
    public long estimatedHeapBytes() {
        long waiting = awaitingCard.size();
        for (List<RawNotification> parked : parkedReversals.values()) {
            waiting += parked.size();
        }
        if (facts < 0) {
            int n = 0;
            for (Rulebook.Life life : lives.values()) {
                n += life.facts().size();
            }
            facts = n;
        }
        return 1_000L + 150L * seenNotifications.size() + 110L * facts + 200L * lives.size() + 4_000L * waiting;
    }

    /** True while an authorization still holds funds (it can be settled, reversed or advised). */
    public static boolean isOpenHold(AuthorizationView a) {
        return a != null && (a.status() == AuthorizationStatus.PENDING || a.status() == AuthorizationStatus.PARTLY_SETTLED);
    }
}
