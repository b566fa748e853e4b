package io.cardledger.ledger.analyst;

import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.card.Card;
import io.cardledger.ledger.card.CardBook;
import io.cardledger.ledger.card.Rulebook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays one card's raw notifications through a fresh {@link CardBook} under other rulebook
 * options, in memory: the live ledger is only read. Each notification goes through
 * {@link Rulebook#decide} and {@link Card#recorded}, as in the Card aggregate, so with the live options
 * it reproduces the live movements of rulebook 1.1 (movements stored under v1 may differ: they were
 * computed by v1).
 * A pure function of the stored events: two replays of the same card give the same report.
 */
public final class WhatIfReplay {
    private static final String RELEASED = Rulebook.RELEASED;
    /** The replay's own movements are never stored; any fixed instant keeps the output deterministic. */
    private static final Instant NOT_STORED = Instant.EPOCH;

    public record Options(boolean correctionsAreFinalAmounts) {
    }

    public record Delta(long available, long withheld) {
        Delta plus(Delta d) {
            return new Delta(Math.addExact(available, d.available), Math.addExact(withheld, d.withheld));
        }

        Delta minus(Delta d) {
            return new Delta(Math.subtractExact(available, d.available), Math.subtractExact(withheld, d.withheld));
        }
    }

    /**
     * One movement, live against what-if; {@code live} is null when the live ledger has no such movement
     * (and {@code whatIf} null when the replay has none).
     */
    public record Row(String movementId, String notificationId, String c1Tipo, String c11, long c4,
                      Delta live, Delta whatIf, boolean differs, Set<MovementFlag> liveFlags, Set<MovementFlag> whatIfFlags) {
    }

    public record Report(String cardId, String walletId, Options options, String rulebookVersion, List<Row> movements,
                         Delta liveTotal, Delta whatIfTotal, Delta difference, int movementsThatDiffer) {
    }

    private WhatIfReplay() {
    }

    /** @param cardEvents the card's stored events in sequence order */
    public static Report replay(String cardId, List<StoredEvent> cardEvents, Options options) {
        String walletId = null;
        Map<String, CardNotificationRecorded> live = new LinkedHashMap<>();
        Map<String, RawNotification> arrivals = new LinkedHashMap<>();
        for (StoredEvent e : cardEvents) {
            if (e.payload() instanceof CardRegistered r) {
                walletId = r.walletId();
            } else if (e.payload() instanceof NotificationAwaitingCard a) {
                arrivals.putIfAbsent(a.notification().notificationId(), a.notification());
            } else if (e.payload() instanceof CardNotificationRecorded r) {
                live.putIfAbsent(r.movementId(), r);
                if (!r.movementId().endsWith(RELEASED)) {
                    arrivals.putIfAbsent(r.notificationId(), r.notification());
                }
            }
        }

        Rulebook rulebook = new Rulebook(new Rulebook.Options(options.correctionsAreFinalAmounts()));
        CardBook book = new CardBook();
        Map<String, CardNotificationRecorded> whatIf = new LinkedHashMap<>();
        if (walletId != null) {
            book.register(walletId);
            for (RawNotification raw : arrivals.values()) {
                apply(cardId, book, rulebook, raw, whatIf);
            }
        }

        Set<String> movementIds = new LinkedHashSet<>(whatIf.keySet());
        movementIds.addAll(live.keySet());
        List<Row> rows = new ArrayList<>();
        Delta liveTotal = new Delta(0, 0);
        Delta whatIfTotal = new Delta(0, 0);
        int differing = 0;
        for (String id : movementIds) {
            CardNotificationRecorded l = live.get(id);
            CardNotificationRecorded w = whatIf.get(id);
            CardNotificationRecorded any = w != null ? w : l;
            CardNotification n = any.notification().notification();
            Delta ld = l == null ? null : new Delta(l.availableDeltaMinor(), l.withheldDeltaMinor());
            Delta wd = w == null ? null : new Delta(w.availableDeltaMinor(), w.withheldDeltaMinor());
            boolean differs = ld == null || !ld.equals(wd);
            if (differs) {
                differing++;
            }
            liveTotal = ld == null ? liveTotal : liveTotal.plus(ld);
            whatIfTotal = wd == null ? whatIfTotal : whatIfTotal.plus(wd);
            rows.add(new Row(id, any.notificationId(), n.type(), n.transactionId(), n.amountMinor(), ld, wd, differs,
                    l == null ? null : sorted(l.flags()), w == null ? null : sorted(w.flags())));
        }
        return new Report(cardId, walletId, options, rulebook.version(), rows, liveTotal, whatIfTotal,
                whatIfTotal.minus(liveTotal), differing);
    }

    /** Flags in declaration order, whatever set the JSON was read into, so the output is stable. */
    static Set<MovementFlag> sorted(Set<MovementFlag> flags) {
        return flags == null || flags.isEmpty() ? EnumSet.noneOf(MovementFlag.class) : EnumSet.copyOf(flags);
    }

    private static void apply(String cardId, CardBook book, Rulebook rulebook, RawNotification raw,
                              Map<String, CardNotificationRecorded> out) {
        if (book.hasSeen(raw)) {
            return;
        }
        // The rulebook's own sequencing, as the Card aggregate runs it (Rulebook.decide, Card.recorded).
        for (Rulebook.Decision d : rulebook.decide(book, raw)) {
            CardNotificationRecorded event = Card.recorded(cardId, book.walletId(), d, EnumSet.noneOf(MovementFlag.class),
                    NOT_STORED, rulebook);
            book.record(event);
            out.put(d.movementId(), event);
        }
    }
}
