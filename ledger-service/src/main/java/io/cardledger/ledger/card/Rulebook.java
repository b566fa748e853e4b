package io.cardledger.ledger.card;

import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.notification.NotificationKind;
import io.cardledger.events.notification.RawNotification;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.cardledger.events.card.AuthorizationStatus.CREDITED;
import static io.cardledger.events.card.AuthorizationStatus.CREDIT_CONFIRMED;
import static io.cardledger.events.card.AuthorizationStatus.CREDIT_REVERSED;
import static io.cardledger.events.card.AuthorizationStatus.EXPIRED;
import static io.cardledger.events.card.AuthorizationStatus.NONE;
import static io.cardledger.events.card.AuthorizationStatus.PARTLY_SETTLED;
import static io.cardledger.events.card.AuthorizationStatus.PENDING;
import static io.cardledger.events.card.AuthorizationStatus.REFUND_PENDING;
import static io.cardledger.events.card.AuthorizationStatus.REVERSAL_PARKED;
import static io.cardledger.events.card.AuthorizationStatus.REVERSED;
import static io.cardledger.events.card.AuthorizationStatus.SETTLED;
import static io.cardledger.events.card.AuthorizationStatus.SETTLED_BEFORE_AUTHORIZATION;

/**
 * Rulebook 1.1 (DESIGN.md section 3, docs/rulebook.md): what issuer notifications do to a wallet's
 * available (A) and withheld (W) balances. The one home of the rules: the {@link Card} aggregate and
 * the analysts' what-if replay both call {@link #decide}, and nothing else computes a movement.
 *
 * <p>Order independence by construction. An authorization's state is its <em>life</em>: the set of
 * its notifications so far ({@link Life}). {@link #evaluate} is a function of that set: it reads the
 * rules of the table in the issuer's usual order (authorization, advice, refund request, reversal,
 * multiclearing parts, closing part, full settlements, confirmations before corrections at each of
 * these three steps; ties by c7, then notification id), whatever
 * the order they arrived in. A notification's movement is the difference it makes:
 * {@code evaluate(life + n) - evaluate(life)}. So the sum of a life's movements, and its status, are
 * the same for every arrival order.
 *
 * <p>A pure function: no clock, no I/O. Rulebook v1 (docs/adr/0003) is not recomputed: its stored
 * movements stand (docs/adr/0005-rulebook-versions.md).
 */
public final class Rulebook {
    /** The exact version recorded on every movement this class computes. */
    public static final String VERSION = "1.1";
    /** The major version, kept in {@code CardNotificationRecorded.rulebookVersion} for its readers. */
    public static final int MAJOR_VERSION = 1;

    /**
     * Switches a what-if replay can flip.
     *
     * @param correctionsAreFinalAmounts read a correction's c4 as the final settled amount instead
     *                                   of the difference to the authorization
     */
    public record Options(boolean correctionsAreFinalAmounts) {
        public static final Options STANDARD = new Options(false);
    }

    private static final Rulebook STANDARD = new Rulebook(Options.STANDARD);

    private final Options options;

    public Rulebook(Options options) {
        this.options = options;
    }

    public static Rulebook standard() {
        return STANDARD;
    }

    /** "1.1", or "1.1+correctionsAreFinalAmounts" for a what-if variant that is not the live rulebook. */
    public String version() {
        return options.equals(Options.STANDARD) ? VERSION : VERSION + "+correctionsAreFinalAmounts";
    }

    /**
     * What the rulebook needs of one notification. Notifications that never join a life (declines,
     * unrecognised types, unreadable amounts, an empty c11) have none.
     *
     * @param time c7 as seconds (UTC reading of the local time), {@link Long#MIN_VALUE} when absent
     */
    public record Fact(String id, NotificationKind kind, long amountMinor, boolean moneySend, boolean multiclearing,
                       boolean closing, boolean expiration, long time) {

        static Fact of(String id, CardNotification n) {
            long time = n.transactionTime() == null ? Long.MIN_VALUE : n.transactionTime().toEpochSecond(ZoneOffset.UTC);
            return new Fact(id, n.kind(), n.amountMinor(), n.moneySend(), n.multiclearing(), n.multiclearingClose(),
                    n.expiration(), time);
        }

        boolean isOpening() {
            return kind == NotificationKind.AUTHORIZATION || kind == NotificationKind.ADVICE;
        }

        boolean isSettlement() {
            return kind == NotificationKind.CONFIRMATION || kind == NotificationKind.CORRECTION_POSITIVE
                    || kind == NotificationKind.CORRECTION_NEGATIVE;
        }

        boolean isPart() {
            return isSettlement() && multiclearing && !closing;
        }

        /** A closing part or a full settlement: what settles the authorization for good. */
        boolean isCloser() {
            return isSettlement() && !isPart();
        }

        /** The issuer's usual order of a life's notifications. */
        int rank() {
            return switch (kind) {
                case AUTHORIZATION -> 0;
                case ADVICE -> 1;
                case REFUND_REQUEST -> 2;
                case REVERSAL -> 3;
                // Parts, then the closing part, then full settlements; a confirmation (the batch's full
                // amount) before the corrections that amend it.
                case CONFIRMATION, CORRECTION_POSITIVE, CORRECTION_NEGATIVE ->
                        (isPart() ? 4 : closing ? 6 : 8) + (kind == NotificationKind.CONFIRMATION ? 0 : 1);
                case DECLINE, UNRECOGNISED -> 10;
            };
        }
    }

    private static final Comparator<Fact> USUAL_ORDER = Comparator.comparingInt(Fact::rank)
            .thenComparingLong(Fact::time).thenComparing(Fact::id);

    /** The notifications of one authorization so far, in the usual order: its whole state. */
    public record Life(List<Fact> facts) {
        public static final Life EMPTY = new Life(List.of());

        public Life {
            facts = List.copyOf(facts);
        }

        /** This life with one more fact, or this very life if it has a fact of that id already. */
        Life with(Fact f) {
            if (hasFact(f.id())) {
                return this;
            }
            List<Fact> more = new ArrayList<>(facts.size() + 1);
            more.addAll(facts);
            more.add(f);
            more.sort(USUAL_ORDER);
            return new Life(more);
        }

        Life withoutReversals() {
            return new Life(facts.stream().filter(f -> f.kind() != NotificationKind.REVERSAL).toList());
        }

        boolean hasFact(String id) {
            for (Fact f : facts) {
                if (f.id().equals(id)) {
                    return true;
                }
            }
            return false;
        }

        boolean has(java.util.function.Predicate<Fact> p) {
            for (Fact f : facts) {
                if (p.test(f)) {
                    return true;
                }
            }
            return false;
        }

        public boolean isEmpty() {
            return facts.isEmpty();
        }
    }

    /** A life's totals: what all its movements add up to, and the state an analyst sees. */
    public record Outcome(long availableMinor, long withheldMinor, AuthorizationStatus status, long authorizedMinor,
                          long heldMinor, int modifications) {

        AuthorizationView view(String c11) {
            return new AuthorizationView(c11, status, authorizedMinor, heldMinor,
                    status == NONE ? 0 : -(availableMinor + withheldMinor), modifications);
        }
    }

    /** One movement to record: of the notification itself, or of a parked reversal it released. */
    public record Decision(String movementId, RawNotification notification, Movement movement) {
    }

    /** Suffix of the movement id of a parked reversal applied when its authorization arrived. */
    public static final String RELEASED = "/released";

    /**
     * The movements one notification causes on a card in the state {@code book}, in the order they are
     * recorded: the notification's own, then one per reversal it releases from parking. The caller
     * records each (which updates the book) and checks redeliveries before.
     */
    public List<Decision> decide(CardBook book, RawNotification raw) {
        CardNotification n = raw.notification();
        String c11 = n.hasTransactionId() ? n.transactionId().trim() : "";
        Fact fact = factOf(raw);
        Set<MovementFlag> flags = EnumSet.noneOf(MovementFlag.class);
        if (n.expiration()) {
            flags.add(MovementFlag.EXPIRY);
        }
        if (fact == null) {
            Life life = book.life(c11);
            AuthorizationView view = life.isEmpty() ? AuthorizationView.none(c11) : evaluate(life).view(c11);
            if (n.amountUnreadable() && n.kind() != NotificationKind.DECLINE) {
                // A decline with an empty c4 is simply a decline: it never moves money whatever its amount.
                flags.add(MovementFlag.UNREADABLE_AMOUNT);
            }
            if (n.kind() == NotificationKind.DECLINE) {
                flags.add(MovementFlag.DECLINED);
                view = AuthorizationView.none(c11);
            } else if (n.kind() == NotificationKind.UNRECOGNISED) {
                flags.add(MovementFlag.UNRECOGNISED_TYPE);
                view = AuthorizationView.none(c11);
            }
            return List.of(new Decision(raw.notificationId(), raw, new Movement(0, 0, view, flags)));
        }
        Life before = c11.isEmpty() ? Life.EMPTY : book.life(c11);
        List<RawNotification> parked = c11.isEmpty() ? List.of() : book.parkedReversals(c11);
        return apply(c11, before, fact, flags, raw, parked);
    }

    /**
     * The pure step: a life and one more of its notifications give the movements. Reversals that waited
     * for the authorization this notification opens are released as movements of their own.
     */
    List<Decision> apply(String c11, Life before, Fact fact, Set<MovementFlag> flags, RawNotification raw,
                         List<RawNotification> parked) {
        Outcome was = evaluate(before);
        boolean releases = fact.isOpening() && !before.has(Fact::isOpening) && !parked.isEmpty();
        Life base = releases ? before.withoutReversals() : before;
        Life own = base.with(fact);
        Outcome now = evaluate(own);
        flags.addAll(ownFlags(before, fact, was, now));
        List<Decision> out = new ArrayList<>();
        Movement m = movement(was, now, c11, flags);
        if (c11.isEmpty() && fact.isSettlement()) {
            // A settlement that names no authorization is a batch-only movement of no authorization.
            m = new Movement(m.availableDeltaMinor(), m.withheldDeltaMinor(), AuthorizationView.none(c11), flags);
        }
        out.add(new Decision(raw.notificationId(), raw, m));
        if (releases) {
            Life current = own;
            Outcome at = now;
            for (Fact f : before.facts()) {
                if (f.kind() != NotificationKind.REVERSAL) {
                    continue;
                }
                RawNotification reversal = parked.stream().filter(p -> p.notificationId().equals(f.id())).findFirst()
                        .orElse(null);
                current = current.with(f);
                Outcome next = evaluate(current);
                if (reversal != null) {
                    Set<MovementFlag> released = EnumSet.of(MovementFlag.PARKED_REVERSAL_APPLIED);
                    if (reversal.notification().expiration()) {
                        released.add(MovementFlag.EXPIRY);
                    }
                    if (next.availableMinor() == at.availableMinor() && next.withheldMinor() == at.withheldMinor()) {
                        released.add(MovementFlag.REVERSAL_OF_CLOSED_AUTHORIZATION);
                    }
                    out.add(new Decision(reversal.notificationId() + RELEASED, reversal, movement(at, next, c11, released)));
                    at = next;
                }
            }
            Outcome all = evaluate(current);
            if (all.availableMinor() != at.availableMinor() || all.withheldMinor() != at.withheldMinor()) {
                // A reversal in the life with no parked notification to show for it (not expected): its
                // effect goes with the last movement, so the totals stay a function of the life.
                Decision last = out.remove(out.size() - 1);
                Movement lastMovement = last.movement();
                out.add(new Decision(last.movementId(), last.notification(), new Movement(
                        lastMovement.availableDeltaMinor() + all.availableMinor() - at.availableMinor(),
                        lastMovement.withheldDeltaMinor() + all.withheldMinor() - at.withheldMinor(), all.view(c11),
                        lastMovement.flags())));
            }
        }
        return out;
    }

    private static Movement movement(Outcome was, Outcome now, String c11, Set<MovementFlag> flags) {
        return new Movement(Math.subtractExact(now.availableMinor(), was.availableMinor()),
                Math.subtractExact(now.withheldMinor(), was.withheldMinor()), now.view(c11), flags);
    }

    /** The fact a notification adds to its life, or null when it joins none. */
    public static Fact factOf(RawNotification raw) {
        CardNotification n = raw.notification();
        NotificationKind kind = n.kind();
        if (n.amountUnreadable() || kind == NotificationKind.DECLINE || kind == NotificationKind.UNRECOGNISED) {
            return null;
        }
        return Fact.of(raw.notificationId(), n);
    }

    /** Flags that explain a notification's own movement, from the life it arrived in. */
    private static Set<MovementFlag> ownFlags(Life before, Fact fact, Outcome was, Outcome now) {
        Set<MovementFlag> flags = EnumSet.noneOf(MovementFlag.class);
        boolean opened = before.has(Fact::isOpening);
        boolean moved = was.availableMinor() != now.availableMinor() || was.withheldMinor() != now.withheldMinor();
        switch (fact.kind()) {
            case AUTHORIZATION, ADVICE -> {
                if (fact.kind() == NotificationKind.AUTHORIZATION && before.has(f -> f.kind() == NotificationKind.AUTHORIZATION)) {
                    flags.add(MovementFlag.CONFLICTING_AUTHORIZATION);
                } else if (fact.kind() == NotificationKind.ADVICE && opened && !moved && was.authorizedMinor() != fact.amountMinor()) {
                    flags.add(MovementFlag.CONFLICTING_AUTHORIZATION);
                }
                if (!opened && before.has(Fact::isSettlement)) {
                    flags.add(MovementFlag.POSTED_AS_ALREADY_SETTLED);
                }
            }
            case REVERSAL -> {
                if (!opened) {
                    flags.add(MovementFlag.REVERSAL_PARKED);
                } else if (!moved || before.has(f -> f.kind() == NotificationKind.REVERSAL)) {
                    flags.add(MovementFlag.REVERSAL_OF_CLOSED_AUTHORIZATION);
                }
            }
            case CONFIRMATION, CORRECTION_POSITIVE, CORRECTION_NEGATIVE -> {
                if (fact.isPart()) {
                    flags.add(MovementFlag.MULTICLEARING_PARTIAL);
                }
                if (fact.closing()) {
                    flags.add(MovementFlag.MULTICLEARING_CLOSE);
                }
                if (!opened) {
                    flags.add(MovementFlag.BATCH_ONLY);
                } else if (fact.isCloser() && before.has(Fact::isCloser)) {
                    flags.add(MovementFlag.MODIFIED_TWICE);
                } else if (fact.isCloser() && before.has(f -> f.kind() == NotificationKind.REVERSAL)) {
                    flags.add(MovementFlag.REPLACED_REVERSAL_STAND_IN);
                }
                if (opened && fact.kind() == NotificationKind.CONFIRMATION && !fact.multiclearing() && !fact.moneySend()
                        && fact.amountMinor() != was.heldMinor() && (was.status() == PENDING || was.status() == PARTLY_SETTLED)) {
                    flags.add(MovementFlag.SETTLED_AMOUNT_DIFFERS);
                }
            }
            default -> {
                // Refund requests move nothing and need no explanation.
            }
        }
        return flags;
    }

    /**
     * The totals of a life: its notifications read in the usual order by the rules of the table.
     * Pure; the same set gives the same outcome.
     */
    public Outcome evaluate(Life life) {
        Fact authorization = null;
        Fact advice = null;
        boolean refundRequested = false;
        boolean reversed = false;
        for (Fact f : life.facts()) {
            switch (f.kind()) {
                case AUTHORIZATION -> authorization = authorization == null ? f : authorization;
                case ADVICE -> advice = f;
                case REFUND_REQUEST -> refundRequested = true;
                case REVERSAL -> reversed = true;
                default -> {
                }
            }
        }
        Fact opening = authorization != null ? authorization : advice;
        if (opening == null) {
            return nothingOpen(life, refundRequested, reversed);
        }
        if (opening.moneySend()) {
            return credit(life, opening.amountMinor());
        }
        return hold(life, advice != null ? advice.amountMinor() : authorization.amountMinor());
    }

    /** No authorization (yet): settlements apply by the "none open" rule, reversals wait, refund requests wait. */
    private static Outcome nothingOpen(Life life, boolean refundRequested, boolean reversed) {
        long available = 0;
        int settlements = 0;
        for (Fact f : life.facts()) {
            if (f.isSettlement()) {
                available = Math.addExact(available, noneOpenEffect(f));
                settlements++;
            }
        }
        AuthorizationStatus status = settlements > 0 ? (refundRequested ? SETTLED : SETTLED_BEFORE_AUTHORIZATION)
                : reversed ? REVERSAL_PARKED : refundRequested ? REFUND_PENDING : NONE;
        return new Outcome(available, 0, status, 0, 0, settlements);
    }

    /** A MoneySend credit: A += c4; a reversal debits its amount; a confirmation closes it; corrections move their difference. */
    private static Outcome credit(Life life, long credited) {
        long available = credited;
        AuthorizationStatus status = CREDITED;
        boolean reversed = false;
        boolean confirmed = false;
        int settlements = 0;
        for (Fact f : life.facts()) {
            if (f.kind() == NotificationKind.REVERSAL && !reversed) {
                reversed = true;
                available = Math.subtractExact(available, f.amountMinor());
                status = CREDIT_REVERSED;
            } else if (f.isSettlement()) {
                settlements++;
                if (f.kind() == NotificationKind.CONFIRMATION) {
                    if (confirmed) {
                        available = Math.addExact(available, noneOpenEffect(f));
                    }
                    confirmed = true;
                } else {
                    available = Math.addExact(available, correctionSign(f) * f.amountMinor());
                }
                if (status == CREDITED) {
                    status = CREDIT_CONFIRMED;
                }
            }
        }
        return new Outcome(available, 0, expired(life, status), credited, 0, settlements);
    }

    /** A hold of {@code authorized}, then its reversal, multiclearing parts, closing part and settlements. */
    private Outcome hold(Life life, long authorized) {
        long available = -authorized;
        long withheld = authorized;
        long held = authorized;
        AuthorizationStatus status = PENDING;
        boolean reversed = false;
        long standIn = 0;
        boolean replaceable = false;
        int settlements = 0;
        for (Fact f : life.facts()) {
            long c4 = f.amountMinor();
            if (f.kind() == NotificationKind.REVERSAL && !reversed) {
                // Releases what it reverses; the rest of the hold is settled in place of the batch (the stand-in).
                long released = Math.min(c4, held);
                available += released;
                withheld -= held;
                standIn = held - released;
                held = 0;
                status = REVERSED;
                reversed = true;
                replaceable = true;
                continue;
            }
            if (!f.isSettlement()) {
                continue;
            }
            settlements++;
            boolean confirmation = f.kind() == NotificationKind.CONFIRMATION;
            if (status == PENDING || status == PARTLY_SETTLED) {
                if (f.isPart() || f.closing()) {
                    if (confirmation) {
                        long taken = Math.min(c4, held);
                        withheld -= taken;
                        held -= taken;
                        available = Math.subtractExact(available, c4 - taken);
                    } else {
                        available = Math.addExact(available, correctionSign(f) * c4);
                    }
                    status = PARTLY_SETTLED;
                    if (f.closing()) {
                        available += held;
                        withheld -= held;
                        held = 0;
                        status = SETTLED;
                    }
                } else {
                    if (confirmation || options.correctionsAreFinalAmounts()) {
                        available = Math.subtractExact(available + held, c4);
                    } else {
                        available = Math.addExact(available, correctionSign(f) * c4);
                    }
                    withheld -= held;
                    held = 0;
                    status = SETTLED;
                }
            } else if (status == REVERSED && replaceable) {
                // Rulebook 1.1: a settlement after a reversal replaces the reversal's stand-in settlement.
                if (f.isPart() || f.closing()) {
                    if (confirmation) {
                        long used = Math.min(c4, standIn);
                        standIn -= used;
                        available = Math.subtractExact(available, c4 - used);
                    } else {
                        available = Math.addExact(available, correctionSign(f) * c4);
                    }
                    if (f.closing()) {
                        available += standIn;
                        standIn = 0;
                        replaceable = false;
                        status = SETTLED;
                    }
                } else {
                    if (confirmation || options.correctionsAreFinalAmounts()) {
                        available = Math.subtractExact(available + standIn, c4);
                    } else {
                        available = Math.addExact(available, correctionSign(f) * c4);
                    }
                    standIn = 0;
                    replaceable = false;
                    status = SETTLED;
                }
            } else {
                // Closed already: a second modification applies as its own "none open" movement.
                available = Math.addExact(available, noneOpenEffect(f));
            }
        }
        return new Outcome(available, withheld, expired(life, status), authorized, held, settlements);
    }

    private static AuthorizationStatus expired(Life life, AuthorizationStatus status) {
        return (status == SETTLED || status == REVERSED) && life.has(Fact::expiration) ? EXPIRED : status;
    }

    /** Positiva credits, Negativa debits (issuer changelog 2026-07-20). */
    private static long correctionSign(Fact f) {
        return f.kind() == NotificationKind.CORRECTION_POSITIVE ? 1 : -1;
    }

    /** A settlement with nothing open: a batch-only charge, or a credit for Positiva and MoneySend. */
    private static long noneOpenEffect(Fact f) {
        return switch (f.kind()) {
            case CORRECTION_POSITIVE -> f.amountMinor();
            case CONFIRMATION -> f.moneySend() ? f.amountMinor() : -f.amountMinor();
            default -> -f.amountMinor();
        };
    }
}
