package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardEvent;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.CardMovementPosted;
import io.cardledger.events.wallet.WalletMovement;
import io.cardledger.events.wallet.WalletRegistered;
import io.cardledger.ledger.card.CardBook;
import io.cardledger.ledger.card.CardCommands;
import io.cardledger.ledger.wallet.WalletCommands;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The reconciliation analyst's questions, answered from the event store alone: nothing here
 * sends a command or changes a table.
 */
@Service
public class AnalystQueries {
    private final EventStoreReader store;
    private final Clock clock;

    public AnalystQueries(EventStoreReader store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- streams

    public List<StreamEntry> walletStream(String walletId, String from, String to) {
        return stream(walletEvents(walletId), from, to);
    }

    public List<StreamEntry> cardStream(String cardId, String from, String to) {
        List<StoredEvent> events = store.aggregate(cardAggregate(cardId));
        if (events.isEmpty()) {
            throw new AnalystProblem(HttpStatus.NOT_FOUND, "Card not found", "The event store has no events for card " + cardId);
        }
        return stream(events, from, to);
    }

    /**
     * {@code from}/{@code to} are both inclusive and are either sequence numbers (digits) or ISO
     * instants compared with the stored timestamp.
     */
    static List<StreamEntry> stream(List<StoredEvent> events, String from, String to) {
        Predicate<StoredEvent> window = bound(from, true).and(bound(to, false));
        return events.stream().filter(window).map(StreamEntry::of).toList();
    }

    private static Predicate<StoredEvent> bound(String value, boolean lower) {
        if (value == null || value.isBlank()) {
            return e -> true;
        }
        if (value.chars().allMatch(Character::isDigit)) {
            long sequence = Long.parseLong(value);
            return lower ? e -> e.sequence() >= sequence : e -> e.sequence() <= sequence;
        }
        Instant instant = parseInstant(value, lower ? "from" : "to");
        return lower ? e -> !e.timestamp().isBefore(instant) : e -> !e.timestamp().isAfter(instant);
    }

    static Instant parseInstant(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw AnalystProblem.badRequest(name + " must be a sequence number or an ISO-8601 instant such as "
                    + "2026-04-29T05:29:01Z, not " + value);
        }
    }

    // ---------------------------------------------------------------- balance as of

    public record BalanceAsOf(String walletId, Instant asOf, long available, long withheld, long total, String currency,
                              long sequence, Instant eventTimestamp, String eventType) {
    }

    public BalanceAsOf balanceAsOf(String walletId, Instant asOf) {
        StoredEvent last = null;
        for (StoredEvent e : walletEvents(walletId)) {
            if (!e.timestamp().isAfter(asOf)) {
                last = e;
            }
        }
        if (last == null) {
            throw new AnalystProblem(HttpStatus.NOT_FOUND, "Wallet not registered at that instant",
                    "Wallet " + walletId + " was registered after " + asOf);
        }
        Balance b = balanceAfter(last);
        return new BalanceAsOf(walletId, asOf, b.availableMinor(), b.withheldMinor(), b.totalMinor(), b.currency(),
                last.sequence(), last.timestamp(), last.type());
    }

    /** The wallet's balance right after this event: a movement carries it, a registration starts at zero. */
    private static Balance balanceAfter(StoredEvent e) {
        if (e.payload() instanceof WalletMovement m) {
            return m.balanceAfter();
        }
        if (e.payload() instanceof WalletRegistered r) {
            return new Balance(0, 0, r.currency());
        }
        return null;
    }

    // ---------------------------------------------------------------- anomalies

    public enum AnomalyKind {
        REVERSAL_PARKED, SETTLED_AMOUNT_DIFFERS, MODIFIED_TWICE, UNRECOGNISED_TYPE, NEGATIVE_AVAILABLE, OPEN_HOLD
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Anomaly(AnomalyKind kind, String cardId, String walletId, String c11, String notificationId,
                          String movementId, String c1Tipo, Long c4, Long availableDelta, Long withheldDelta,
                          Long heldMinor, String authorizationStatus, Instant timestamp, String detail) {
    }

    public record AnomalyReport(int openHoldDays, Instant openHoldsBefore, Map<AnomalyKind, Integer> counts,
                                List<Anomaly> anomalies) {
    }

    public AnomalyReport anomalies(int openHoldDays) {
        if (openHoldDays < 0) {
            throw AnalystProblem.badRequest("openHoldDays must be zero or more, not " + openHoldDays);
        }
        Instant cutoff = clock.instant().minus(Duration.ofDays(openHoldDays));
        List<Anomaly> found = new ArrayList<>();
        // Per (card, c11): the latest authorization view, and when the authorization was first seen.
        Map<String, CardNotificationRecorded> latest = new LinkedHashMap<>();
        Map<String, Instant> firstSeen = new LinkedHashMap<>();
        Map<String, StoredEvent> latestEvent = new LinkedHashMap<>();
        // Parked reversals by notification id; applied ones are removed again.
        Map<String, StoredEvent> parked = new LinkedHashMap<>();

        store.eachOfType(CardNotificationRecorded.class, null, e -> {
            CardNotificationRecorded r = (CardNotificationRecorded) e.payload();
            AuthorizationView view = r.authorization();
            if (r.flags().contains(MovementFlag.PARKED_REVERSAL_APPLIED)) {
                parked.remove(r.notificationId());
            }
            if (view.status() == AuthorizationStatus.REVERSAL_PARKED) {
                parked.put(r.notificationId(), e);
            } else if (view.transactionId() != null && !view.transactionId().isEmpty()
                    && view.status() != AuthorizationStatus.NONE) {
                String key = r.cardId() + "\u0000" + view.transactionId();
                latest.put(key, r);
                latestEvent.put(key, e);
                firstSeen.putIfAbsent(key, e.timestamp());
            }
            for (MovementFlag flag : List.of(MovementFlag.SETTLED_AMOUNT_DIFFERS, MovementFlag.MODIFIED_TWICE,
                    MovementFlag.UNRECOGNISED_TYPE)) {
                if (r.flags().contains(flag)) {
                    found.add(fromCard(AnomalyKind.valueOf(flag.name()), e, r, null));
                }
            }
        });
        parked.values().forEach(e -> found.add(fromCard(AnomalyKind.REVERSAL_PARKED, e, (CardNotificationRecorded) e.payload(),
                "A reversal whose authorization has not arrived: no money moved for it yet")));
        latest.forEach((key, r) -> {
            Instant opened = firstSeen.get(key);
            if (CardBook.isOpenHold(r.authorization()) && !opened.isAfter(cutoff)) {
                found.add(fromCard(AnomalyKind.OPEN_HOLD, latestEvent.get(key), r, "Still " + r.authorization().status()
                        + " since " + opened + ", withholding " + r.authorization().heldMinor()));
            }
        });
        store.eachOfType(CardMovementPosted.class, MovementFlag.NEGATIVE_AVAILABLE.name(), e -> {
            CardMovementPosted m = (CardMovementPosted) e.payload();
            if (m.flags().contains(MovementFlag.NEGATIVE_AVAILABLE)) {
                found.add(new Anomaly(AnomalyKind.NEGATIVE_AVAILABLE, m.cardId(), m.walletId(), m.transactionId(),
                        m.notificationId(), m.movementId(), m.notificationType(), m.amountMinor(), m.availableDeltaMinor(),
                        m.withheldDeltaMinor(), null, m.authorizationStatus() == null ? null : m.authorizationStatus().name(),
                        e.timestamp(), "Available after this movement: " + m.balanceAfter().availableMinor()));
            }
        });
        found.sort(Comparator.comparing(Anomaly::kind).thenComparing(Anomaly::timestamp)
                .thenComparing(a -> String.valueOf(a.movementId())));
        Map<AnomalyKind, Integer> counts = new EnumMap<>(AnomalyKind.class);
        found.forEach(a -> counts.merge(a.kind(), 1, Integer::sum));
        return new AnomalyReport(openHoldDays, cutoff, counts, found);
    }

    private static Anomaly fromCard(AnomalyKind kind, StoredEvent e, CardNotificationRecorded r, String detail) {
        CardNotification n = r.notification().notification();
        AuthorizationView view = r.authorization();
        return new Anomaly(kind, r.cardId(), r.walletId(), n.transactionId(), r.notificationId(), r.movementId(), n.type(),
                n.amountMinor(), r.availableDeltaMinor(), r.withheldDeltaMinor(), view.heldMinor(), view.status().name(),
                e.timestamp(), detail);
    }

    // ---------------------------------------------------------------- what-if

    public WhatIfReplay.Report whatIf(String cardId, WhatIfReplay.Options options) {
        List<StoredEvent> events = store.aggregate(cardAggregate(cardId));
        if (events.stream().noneMatch(e -> e.payload() instanceof CardEvent)) {
            throw new AnalystProblem(HttpStatus.NOT_FOUND, "Card not found", "The event store has no events for card " + cardId);
        }
        return WhatIfReplay.replay(cardId, events, options);
    }

    // ---------------------------------------------------------------- reconcile

    public record Amounts(long available, long withheld) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mismatch(String walletId, Amounts issuer, Amounts ours, Amounts difference, String reason,
                           Long lastAgreedSequence, Instant lastAgreedAt, List<StreamEntry> movementsSince) {
    }

    public record Reconciliation(int checked, int matched, int mismatched, List<Mismatch> mismatches) {
    }

    public Reconciliation reconcile(List<IssuerBalance> issuer) {
        List<Mismatch> mismatches = new ArrayList<>();
        for (IssuerBalance theirs : issuer) {
            if (theirs.walletId() == null || theirs.walletId().isBlank()) {
                throw AnalystProblem.badRequest("Every issuer balance needs a walletId");
            }
            Amounts issuerAmounts = new Amounts(theirs.balance(), theirs.amountWithheld());
            List<StoredEvent> events = store.aggregate(walletAggregate(theirs.walletId()));
            if (events.isEmpty()) {
                mismatches.add(new Mismatch(theirs.walletId(), issuerAmounts, null, null,
                        "The ledger has no such wallet", null, null, List.of()));
                continue;
            }
            StoredEvent lastAgreed = null;
            Balance ours = null;
            for (StoredEvent e : events) {
                Balance after = balanceAfter(e);
                if (after == null) {
                    continue;
                }
                ours = after;
                if (after.availableMinor() == theirs.balance() && after.withheldMinor() == theirs.amountWithheld()) {
                    lastAgreed = e;
                }
            }
            Amounts ourAmounts = new Amounts(ours.availableMinor(), ours.withheldMinor());
            if (ourAmounts.equals(issuerAmounts)) {
                continue;
            }
            long since = lastAgreed == null ? -1 : lastAgreed.sequence();
            List<StreamEntry> movements = events.stream()
                    .filter(e -> e.sequence() > since && e.payload() instanceof WalletMovement)
                    .map(StreamEntry::of).toList();
            mismatches.add(new Mismatch(theirs.walletId(), issuerAmounts, ourAmounts,
                    new Amounts(ourAmounts.available() - issuerAmounts.available(), ourAmounts.withheld() - issuerAmounts.withheld()),
                    lastAgreed == null ? "Our balance never equalled the issuer's: all movements listed"
                            : "Balances diverged after sequence " + lastAgreed.sequence(),
                    lastAgreed == null ? null : lastAgreed.sequence(), lastAgreed == null ? null : lastAgreed.timestamp(),
                    movements));
        }
        return new Reconciliation(issuer.size(), issuer.size() - mismatches.size(), mismatches.size(), mismatches);
    }

    // ---------------------------------------------------------------- helpers

    private List<StoredEvent> walletEvents(String walletId) {
        List<StoredEvent> events = store.aggregate(walletAggregate(walletId));
        if (events.isEmpty()) {
            throw new AnalystProblem(HttpStatus.NOT_FOUND, "Wallet not found", "The event store has no events for wallet " + walletId);
        }
        return events;
    }

    static String walletAggregate(String walletId) {
        return WalletCommands.aggregateId(walletId);
    }

    static String cardAggregate(String cardId) {
        return CardCommands.aggregateId(cardId);
    }
}
