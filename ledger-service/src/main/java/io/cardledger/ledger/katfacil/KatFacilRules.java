package io.cardledger.ledger.katfacil;

import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.katfacil.AmountReading;
import io.cardledger.events.katfacil.KatFacilEffect;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.ledger.card.CardStatus;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The KatFacil rules (docs/rulebook.md, "KatFacil"): what one event does to its card's wallet, given
 * what the card has recorded. Pure: the same book and event always give the same decision.
 *
 * <p>Events are facts: none is refused. An event that names money but cannot move it (an amount that
 * does not convert exactly, a currency that is not the wallet's, an id whose money already moved, a
 * status the rules do not know) is recorded with a flag and moves nothing.
 */
public final class KatFacilRules {
    /** The version of these rules; each recorded wallet movement carries it. */
    public static final int VERSION = 1;

    static final Set<String> COMPLETED = Set.of("completed", "complete", "approved", "settled", "success", "succeeded");
    static final Set<String> DECLINED = Set.of("declined", "decline", "failed", "rejected", "denied");
    static final Set<String> CREDITS = Set.of("deposit", "refund");
    static final Set<String> DEBITS = Set.of("withdrawal", "withdraw", "transfer", "transfer_out", "transfer-out", "transfer out");
    static final Set<String> NO_MONEY = Set.of("settlement");

    private KatFacilRules() {
    }

    /** What the rules decided: the effect, the change to available, and why (flags). */
    public record Decision(KatFacilEffect effect, long availableDeltaMinor, Set<MovementFlag> flags) {
        static Decision of(KatFacilEffect effect, MovementFlag... flags) {
            Set<MovementFlag> set = EnumSet.noneOf(MovementFlag.class);
            set.addAll(java.util.List.of(flags));
            return new Decision(effect, 0, set);
        }
    }

    /** As {@link #decide(KatFacilBook, KatFacilEvent, CardStatus)} with the card's controls unknown. */
    public static Decision decide(KatFacilBook book, KatFacilEvent e) {
        return decide(book, e, null);
    }

    /**
     * For a registered card; a newcard is decided by the aggregate itself. Money that still moves while the
     * card is blocked (KatFacil reports it frozen, or the ledger's card controls blocked it) or cancelled (card
     * controls) is applied (it is a fact) and flagged {@code CARD_BLOCKED} or {@code CARD_CANCELLED}, as a
     * PayCaddy notification on such a card is (issue 21): the anomalies report lists it.
     *
     * @param controls the card's state as the ledger's card controls keep it, or null when unknown
     */
    public static Decision decide(KatFacilBook book, KatFacilEvent e, CardStatus controls) {
        Decision d = decideUnfrozen(book, e);
        if (d.effect() != KatFacilEffect.CREDIT && d.effect() != KatFacilEffect.DEBIT) {
            return d;
        }
        MovementFlag flag = controls == CardStatus.CANCELLED ? MovementFlag.CARD_CANCELLED
                : book.frozen() || controls == CardStatus.BLOCKED ? MovementFlag.CARD_BLOCKED : null;
        if (flag == null) {
            return d;
        }
        Set<MovementFlag> flags = EnumSet.noneOf(MovementFlag.class);
        flags.addAll(d.flags());
        flags.add(flag);
        return new Decision(d.effect(), d.availableDeltaMinor(), flags);
    }

    private static Decision decideUnfrozen(KatFacilBook book, KatFacilEvent e) {
        return switch (e.kind()) {
            case NEW_CARD -> Decision.of(KatFacilEffect.RECORDED);
            case FUND_REQUEST -> book.moneyMoved(moneyId(e)) ? Decision.of(KatFacilEffect.RECORDED)
                    : Decision.of(KatFacilEffect.FUNDING_PENDING);
            case FUNDED -> money(book, e, +1);
            case TRANSACTION -> {
                String status = normal(e.status());
                if (COMPLETED.contains(status)) {
                    yield money(book, e, -1);
                }
                yield DECLINED.contains(status) ? Decision.of(KatFacilEffect.DECLINED, MovementFlag.DECLINED)
                        : Decision.of(KatFacilEffect.RECORDED, MovementFlag.UNRECOGNISED_STATUS);
            }
            case BLOCKCHAIN -> {
                String activity = normal(e.status());
                if (CREDITS.contains(activity)) {
                    yield money(book, e, +1);
                }
                if (DEBITS.contains(activity)) {
                    yield money(book, e, -1);
                }
                yield NO_MONEY.contains(activity) ? Decision.of(KatFacilEffect.RECORDED)
                        : Decision.of(KatFacilEffect.RECORDED, MovementFlag.UNRECOGNISED_STATUS);
            }
            case CARD_AUTHORIZATION, XPAY_ACTIVATION -> Decision.of(KatFacilEffect.RECORDED);
            case FREEZE -> Decision.of(KatFacilEffect.FROZEN);
            case UNFREEZE -> Decision.of(KatFacilEffect.UNFROZEN);
            case UNRECOGNISED -> Decision.of(KatFacilEffect.RECORDED, MovementFlag.UNRECOGNISED_TYPE);
        };
    }

    /** A credit (+1) or debit (-1) of the event's amount, unless something stops the money moving. */
    private static Decision money(KatFacilBook book, KatFacilEvent e, int sign) {
        if (e.amountReading() != AmountReading.EXACT) {
            return Decision.of(KatFacilEffect.RECORDED,
                    e.amountReading() == AmountReading.INEXACT ? MovementFlag.INEXACT_AMOUNT : MovementFlag.UNREADABLE_AMOUNT);
        }
        if (book.walletCurrency() != null && !book.walletCurrency().equals(e.currency())) {
            return Decision.of(KatFacilEffect.RECORDED, MovementFlag.CURRENCY_MISMATCH);
        }
        if (book.moneyMoved(moneyId(e))) {
            return Decision.of(KatFacilEffect.RECORDED, MovementFlag.DUPLICATE_MONEY_ID);
        }
        return new Decision(sign > 0 ? KatFacilEffect.CREDIT : KatFacilEffect.DEBIT,
                sign > 0 ? e.amountMinor() : -e.amountMinor(), EnumSet.noneOf(MovementFlag.class));
    }

    /**
     * The id under which an event's money moves at most once: a funding (fundrequest and funded share
     * it), a transaction, a blockchain movement; null when the event carries none (then only its event
     * key guards it).
     */
    public static String moneyId(KatFacilEvent e) {
        return switch (e.kind()) {
            case FUND_REQUEST, FUNDED -> e.fundingId() == null ? null : "funding:" + e.fundingId();
            case TRANSACTION -> e.transactionId() == null ? null : "transaction:" + e.transactionId();
            case BLOCKCHAIN -> e.transactionId() == null ? null : "blockchain:" + e.transactionId();
            default -> null;
        };
    }

    private static String normal(String status) {
        return status == null ? "" : status.strip().toLowerCase(Locale.ROOT);
    }
}
