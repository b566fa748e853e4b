package io.cardledger.ledger.card;

import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.notification.NotificationKind;

import java.util.EnumSet;
import java.util.Set;

import static io.cardledger.events.card.AuthorizationStatus.CREDITED;
import static io.cardledger.events.card.AuthorizationStatus.CREDIT_CONFIRMED;
import static io.cardledger.events.card.AuthorizationStatus.CREDIT_REVERSED;
import static io.cardledger.events.card.AuthorizationStatus.EXPIRED;
import static io.cardledger.events.card.AuthorizationStatus.PARTLY_SETTLED;
import static io.cardledger.events.card.AuthorizationStatus.PENDING;
import static io.cardledger.events.card.AuthorizationStatus.REFUND_PENDING;
import static io.cardledger.events.card.AuthorizationStatus.REVERSAL_PARKED;
import static io.cardledger.events.card.AuthorizationStatus.REVERSED;
import static io.cardledger.events.card.AuthorizationStatus.SETTLED;
import static io.cardledger.events.card.AuthorizationStatus.SETTLED_BEFORE_AUTHORIZATION;

/**
 * Rulebook v1 (DESIGN.md section 3): what one issuer notification does to a wallet's available
 * (A) and withheld (W) balances, given what the card already knows. A pure function: no clock,
 * no I/O, so the same notifications replayed under the same rulebook give the same balances to
 * the cent, and a what-if replay can run it with other {@link Options}.
 *
 * <p>Interpretations where the table is silent (recorded in docs/adr/0003-rulebook-v1.md):
 * a MoneySend confirmation with no credit open credits A (so the order of arrival does not
 * matter); a closing multiclearing correction applies its difference and then releases the rest
 * of the hold; an advice for an open MoneySend credit moves nothing.
 */
public final class Rulebook {
    public static final int VERSION = 1;

    /**
     * Switches a what-if replay can flip.
     *
     * @param correctionsAreFinalAmounts read a correction's c4 as the final settled amount instead
     *                                   of the difference to the authorization
     */
    public record Options(boolean correctionsAreFinalAmounts) {
        public static final Options V1 = new Options(false);
    }

    private final Options options;

    public Rulebook(Options options) {
        this.options = options;
    }

    public static Rulebook v1() {
        return new Rulebook(Options.V1);
    }

    public int version() {
        return options.equals(Options.V1) ? VERSION : -VERSION;
    }

    /** The movement one notification causes on a card in the state {@code book}. */
    public Movement decide(CardBook book, CardNotification n) {
        String c11 = n.hasTransactionId() ? n.transactionId() : "";
        AuthorizationView auth = book.authorization(c11);
        Set<MovementFlag> flags = EnumSet.noneOf(MovementFlag.class);
        if (n.expiration()) {
            flags.add(MovementFlag.EXPIRY);
        }
        return switch (n.kind()) {
            case DECLINE -> noEffect(AuthorizationView.none(c11), flags, MovementFlag.DECLINED);
            case UNRECOGNISED -> noEffect(AuthorizationView.none(c11), flags, MovementFlag.UNRECOGNISED_TYPE);
            case REFUND_REQUEST -> refundRequest(c11, auth, flags);
            case AUTHORIZATION, ADVICE -> authorization(book, n, c11, auth, flags);
            case REVERSAL -> reversal(n, c11, auth, flags);
            case CONFIRMATION, CORRECTION_POSITIVE, CORRECTION_NEGATIVE -> settlement(n, c11, auth, flags);
        };
    }

    /** A parked reversal applied now that its authorization is known. */
    public Movement releaseParked(CardBook book, CardNotification reversal) {
        Movement m = decide(book, reversal);
        Set<MovementFlag> flags = EnumSet.copyOf(m.flags());
        flags.add(MovementFlag.PARKED_REVERSAL_APPLIED);
        return new Movement(m.availableDeltaMinor(), m.withheldDeltaMinor(), m.authorization(), flags);
    }

    private static Movement refundRequest(String c11, AuthorizationView auth, Set<MovementFlag> flags) {
        if (c11.isEmpty() || auth != null) {
            // A refund request names no new authorization to track, or one we already track.
            return new Movement(0, 0, auth == null ? AuthorizationView.none(c11) : auth, flags);
        }
        return new Movement(0, 0, new AuthorizationView(c11, REFUND_PENDING, 0, 0, 0, 0), flags);
    }

    private Movement authorization(CardBook book, CardNotification n, String c11, AuthorizationView auth,
                                   Set<MovementFlag> flags) {
        long c4 = n.amountMinor();
        if (auth == null || auth.status() == REFUND_PENDING) {
            return open(n, c11, c4, flags);
        }
        if (auth.status() == SETTLED_BEFORE_AUTHORIZATION) {
            return lateAuthorization(book, n, c11, auth, c4, flags);
        }
        if (n.kind() == NotificationKind.ADVICE && CardBook.isOpenHold(auth)) {
            long delta = c4 - auth.heldMinor();
            return new Movement(-delta, delta,
                    new AuthorizationView(c11, auth.status(), c4, c4, auth.settledMinor(), auth.modifications()), flags);
        }
        if (n.kind() == NotificationKind.ADVICE && CardBook.isOpenCredit(auth) && auth.authorizedMinor() == c4) {
            return new Movement(0, 0, auth, flags);
        }
        // A further authorization with other content for a known c11: recorded, flagged, no effect.
        return noEffect(auth, flags, MovementFlag.CONFLICTING_AUTHORIZATION);
    }

    private static Movement open(CardNotification n, String c11, long c4, Set<MovementFlag> flags) {
        if (n.moneySend()) {
            return new Movement(c4, 0, new AuthorizationView(c11, CREDITED, c4, 0, 0, 0), flags);
        }
        return new Movement(-c4, c4, new AuthorizationView(c11, PENDING, c4, c4, 0, 0), flags);
    }

    /** The authorization of a settlement that was applied before it arrived. */
    private static Movement lateAuthorization(CardBook book, CardNotification n, String c11, AuthorizationView early,
                                              long c4, Set<MovementFlag> flags) {
        flags.add(MovementFlag.POSTED_AS_ALREADY_SETTLED);
        CardBook.EarlySettlement first = book.earlySettlement(c11);
        int modifications = early.modifications();
        if (first != null && first.multiclearingPartial() && !n.moneySend()) {
            // Only part was settled: hold what is still to come, as if it had arrived in order.
            long remaining = Math.max(0, c4 - first.settledMinor());
            return new Movement(-remaining, remaining,
                    new AuthorizationView(c11, PARTLY_SETTLED, c4, remaining, early.settledMinor(), modifications), flags);
        }
        AuthorizationView settled = new AuthorizationView(c11, SETTLED, c4, 0, early.settledMinor(), modifications);
        if (first != null && first.kind() == NotificationKind.CONFIRMATION) {
            // The confirmation carried the full amount: nothing more moves.
            return new Movement(0, 0, settled, flags);
        }
        // A correction carried only the difference: the authorized amount itself moves now.
        long effect = n.moneySend() ? c4 : -c4;
        return new Movement(effect, 0,
                new AuthorizationView(c11, SETTLED, c4, 0, early.settledMinor() - effect, modifications), flags);
    }

    private static Movement reversal(CardNotification n, String c11, AuthorizationView auth, Set<MovementFlag> flags) {
        long c4 = n.amountMinor();
        if (CardBook.isNone(auth)) {
            // Its authorization has not arrived: park it; if the authorization never comes, no money left.
            flags.add(MovementFlag.REVERSAL_PARKED);
            return new Movement(0, 0, new AuthorizationView(c11, REVERSAL_PARKED, 0, 0, 0, 0), flags);
        }
        if (CardBook.isOpenCredit(auth)) {
            return new Movement(-c4, 0,
                    new AuthorizationView(c11, CREDIT_REVERSED, auth.authorizedMinor(), 0, 0, auth.modifications()), flags);
        }
        if (CardBook.isOpenHold(auth)) {
            long held = auth.heldMinor();
            long released = Math.min(c4, held);
            // The issuer sends no batch message for a reversed authorization: the remainder counts as settled.
            long remainder = held - released;
            return new Movement(released, -held, new AuthorizationView(c11, REVERSED, auth.authorizedMinor(), 0,
                    auth.settledMinor() + remainder, auth.modifications()), flags);
        }
        return noEffect(auth, flags, MovementFlag.REVERSAL_OF_CLOSED_AUTHORIZATION);
    }

    private Movement settlement(CardNotification n, String c11, AuthorizationView auth, Set<MovementFlag> flags) {
        boolean partial = n.multiclearing() && !n.multiclearingClose();
        boolean closing = n.multiclearingClose();
        if (partial) {
            flags.add(MovementFlag.MULTICLEARING_PARTIAL);
        }
        if (closing) {
            flags.add(MovementFlag.MULTICLEARING_CLOSE);
        }
        if (CardBook.isOpenHold(auth)) {
            return settleHold(n, auth, partial, closing, flags);
        }
        if (CardBook.isOpenCredit(auth)) {
            // A MoneySend credit: the confirmation only closes it; a correction still moves its difference.
            long effect = n.kind() == NotificationKind.CONFIRMATION ? 0 : correctionSign(n) * n.amountMinor();
            return new Movement(effect, 0, new AuthorizationView(c11, CREDIT_CONFIRMED, auth.authorizedMinor(), 0, 0,
                    auth.modifications() + 1), flags);
        }
        long effect = noneOpenEffect(n);
        if (CardBook.isNone(auth)) {
            flags.add(MovementFlag.BATCH_ONLY);
            if (c11.isEmpty()) {
                return new Movement(effect, 0, AuthorizationView.none(c11), flags);
            }
            AuthorizationStatus status = auth != null && auth.status() == REFUND_PENDING ? SETTLED : SETTLED_BEFORE_AUTHORIZATION;
            return new Movement(effect, 0, new AuthorizationView(c11, status, 0, 0, -effect, 1), flags);
        }
        // Closed already (settled, reversed, expired, credit closed): the issuer's wallet applied it, so we do too.
        flags.add(MovementFlag.MODIFIED_TWICE);
        return new Movement(effect, 0, new AuthorizationView(c11, auth.status(), auth.authorizedMinor(), auth.heldMinor(),
                auth.settledMinor() - effect, auth.modifications() + 1), flags);
    }

    private Movement settleHold(CardNotification n, AuthorizationView auth, boolean partial, boolean closing,
                                Set<MovementFlag> flags) {
        long c4 = n.amountMinor();
        long held = auth.heldMinor();
        long availableDelta;
        long withheldDelta;
        long heldAfter;
        if (n.kind() == NotificationKind.CONFIRMATION && (partial || closing)) {
            long taken = Math.min(c4, held);
            availableDelta = -(c4 - taken);
            withheldDelta = -taken;
            heldAfter = held - taken;
        } else if (n.kind() == NotificationKind.CONFIRMATION) {
            availableDelta = held - c4;
            withheldDelta = -held;
            heldAfter = 0;
            if (c4 != held) {
                flags.add(MovementFlag.SETTLED_AMOUNT_DIFFERS);
            }
        } else if (partial || closing) {
            availableDelta = correctionSign(n) * c4;
            withheldDelta = 0;
            heldAfter = held;
        } else if (options.correctionsAreFinalAmounts()) {
            availableDelta = held - c4;
            withheldDelta = -held;
            heldAfter = 0;
        } else {
            availableDelta = correctionSign(n) * c4;
            withheldDelta = -held;
            heldAfter = 0;
        }
        if (closing && heldAfter > 0) {
            // The closing message releases whatever the partial settlements did not take.
            availableDelta += heldAfter;
            withheldDelta -= heldAfter;
            heldAfter = 0;
        }
        AuthorizationStatus status = partial ? PARTLY_SETTLED : n.expiration() ? EXPIRED : SETTLED;
        long settledAfter = auth.settledMinor() - availableDelta - withheldDelta;
        return new Movement(availableDelta, withheldDelta, new AuthorizationView(auth.transactionId(), status,
                auth.authorizedMinor(), heldAfter, settledAfter, auth.modifications() + 1), flags);
    }

    /** Positiva credits, Negativa debits (issuer changelog 2026-07-20). */
    private static long correctionSign(CardNotification n) {
        return n.kind() == NotificationKind.CORRECTION_POSITIVE ? 1 : -1;
    }

    /** A settlement with nothing open: a batch-only charge, or a credit for Positiva and MoneySend. */
    private static long noneOpenEffect(CardNotification n) {
        long c4 = n.amountMinor();
        return switch (n.kind()) {
            case CORRECTION_POSITIVE -> c4;
            case CONFIRMATION -> n.moneySend() ? c4 : -c4;
            default -> -c4;
        };
    }

    private static Movement noEffect(AuthorizationView view, Set<MovementFlag> flags, MovementFlag flag) {
        flags.add(flag);
        return new Movement(0, 0, view, flags);
    }
}
