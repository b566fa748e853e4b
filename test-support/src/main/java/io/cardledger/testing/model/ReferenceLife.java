package io.cardledger.testing.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The reference model of rulebook 1.1 for one authorization's whole life (DESIGN.md section 3,
 * "Order independence is a property of each authorization's whole life"), written from the design in
 * closed form, independently of the ledger's code (which folds the rules over the life in the usual
 * order): the final available and withheld change and the authorization's status are computed from the
 * <em>set</em> of distinct notes, so no arrival order can enter.
 *
 * <p>With a the authorized amount (the latest advice's, else the first authorization's), r the first
 * reversal's amount, e = a - min(r, a) when reversed (the reversal's stand-in settlement) else a,
 * Cp the multiclearing parts' confirmed amounts, corrP the parts' corrections (Positiva +, Negativa -),
 * and the <em>closer</em> the first closing part, else the first full settlement (confirmations first):
 * <ul>
 *   <li>no closer: A = -e - max(0, Cp - e) + corrP, W = (reversed ? 0 : e - min(Cp, e));</li>
 *   <li>a confirmation closes at c: A = -(Cp + c) + corrP, W = 0 (it replaces any stand-in);</li>
 *   <li>a closing correction k: A = -Cp ± k + corrP, W = 0;</li>
 *   <li>a full correction f: A = -e - max(0, Cp - e) ± f + corrP, W = 0 (a reversal returns its amount);</li>
 *   <li>every other closing or full settlement applies by the "none open" rule (modified twice).</li>
 * </ul>
 * With no authorization or advice: every settlement by the "none open" rule, reversals wait. A
 * MoneySend life credits its authorization's amount, a reversal debits the first one's, the first
 * confirmation moves nothing, further ones by "none open", corrections their difference.
 * Notes with an unreadable amount join no life.
 */
public final class ReferenceLife {
    /** Final change to (available, withheld) and the authorization status (an AuthorizationStatus name). */
    public record Result(long available, long withheld, String status) {
    }

    private ReferenceLife() {
    }

    public static Result of(List<LifeNote> arrivals) {
        List<LifeNote> notes = new ArrayList<>(new LinkedHashSet<>(arrivals));
        notes.removeIf(LifeNote::unreadable);
        notes.sort(Comparator.comparingInt(LifeNote::seq));
        List<LifeNote> auths = of(notes, "peticionautorizacion");
        List<LifeNote> advices = of(notes, "comunicacionautorizacion");
        List<LifeNote> reversals = of(notes, "comunicacionanulacion");
        boolean refund = !of(notes, "peticiondevolucion").isEmpty();
        List<LifeNote> settlements = notes.stream().filter(ReferenceLife::isSettlement).toList();
        boolean expiry = notes.stream().anyMatch(LifeNote::expiration);

        if (auths.isEmpty() && advices.isEmpty()) {
            long available = settlements.stream().mapToLong(ReferenceLife::noneOpen).sum();
            String status = !settlements.isEmpty() ? (refund ? "SETTLED" : "SETTLED_BEFORE_AUTHORIZATION")
                    : !reversals.isEmpty() ? "REVERSAL_PARKED" : refund ? "REFUND_PENDING" : "NONE";
            return new Result(available, 0, status);
        }
        LifeNote opening = !auths.isEmpty() ? auths.get(0) : advices.get(advices.size() - 1);
        if (opening.moneySend()) {
            return credit(opening.amountMinor(), reversals, settlements);
        }
        long a = !advices.isEmpty() ? advices.get(advices.size() - 1).amountMinor() : auths.get(0).amountMinor();
        boolean reversed = !reversals.isEmpty();
        long e = reversed ? a - Math.min(reversals.get(0).amountMinor(), a) : a;

        List<LifeNote> parts = settlements.stream().filter(n -> n.multiclearing() && !n.close()).toList();
        long cp = parts.stream().filter(ReferenceLife::isConfirmation).mapToLong(LifeNote::amountMinor).sum();
        long corrP = parts.stream().filter(n -> !isConfirmation(n)).mapToLong(ReferenceLife::signed).sum();
        List<LifeNote> closings = closersFirst(settlements.stream().filter(LifeNote::close).toList());
        List<LifeNote> fulls = closersFirst(settlements.stream().filter(n -> !n.multiclearing() && !n.close()).toList());
        List<LifeNote> closers = new ArrayList<>(closings);
        closers.addAll(fulls);
        LifeNote closer = closers.isEmpty() ? null : closers.get(0);
        long others = closers.stream().skip(1).mapToLong(ReferenceLife::noneOpen).sum();

        long available;
        long withheld = 0;
        if (closer == null) {
            available = -e - Math.max(0, cp - e) + corrP;
            withheld = reversed ? 0 : e - Math.min(cp, e);
        } else if (isConfirmation(closer)) {
            available = -(cp + closer.amountMinor()) + corrP;
        } else if (closer.close()) {
            available = -cp + signed(closer) + corrP;
        } else {
            available = -e - Math.max(0, cp - e) + signed(closer) + corrP;
        }
        String status = closer != null ? "SETTLED" : reversed ? "REVERSED" : !parts.isEmpty() ? "PARTLY_SETTLED" : "PENDING";
        if (expiry && (status.equals("SETTLED") || status.equals("REVERSED"))) {
            status = "EXPIRED";
        }
        return new Result(available + others, withheld, status);
    }

    private static Result credit(long credited, List<LifeNote> reversals, List<LifeNote> settlements) {
        long available = credited - (reversals.isEmpty() ? 0 : reversals.get(0).amountMinor());
        List<LifeNote> confirmations = settlements.stream().filter(ReferenceLife::isConfirmation).toList();
        // The first confirmation in the usual order (parts, closing part, full; then time) moves nothing.
        List<LifeNote> ordered = new ArrayList<>(confirmations);
        ordered.sort(Comparator.comparingInt((LifeNote n) -> n.close() ? 1 : n.multiclearing() ? 0 : 2)
                .thenComparingInt(LifeNote::seq));
        available += ordered.stream().skip(1).mapToLong(ReferenceLife::noneOpen).sum();
        available += settlements.stream().filter(n -> !isConfirmation(n)).mapToLong(ReferenceLife::signed).sum();
        String status = !reversals.isEmpty() ? "CREDIT_REVERSED" : !settlements.isEmpty() ? "CREDIT_CONFIRMED" : "CREDITED";
        return new Result(available, 0, status);
    }

    /** Confirmations before corrections, then in time. */
    private static List<LifeNote> closersFirst(List<LifeNote> notes) {
        List<LifeNote> sorted = new ArrayList<>(notes);
        sorted.sort(Comparator.comparingInt((LifeNote n) -> isConfirmation(n) ? 0 : 1).thenComparingInt(LifeNote::seq));
        return sorted;
    }

    private static List<LifeNote> of(List<LifeNote> notes, String type) {
        return notes.stream().filter(n -> type(n).equals(type)).toList();
    }

    private static String type(LifeNote n) {
        return n.type().trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isConfirmation(LifeNote n) {
        return type(n).equals("transaccionconfirmada");
    }

    private static boolean isSettlement(LifeNote n) {
        return isConfirmation(n) || type(n).startsWith("transaccioncorregida");
    }

    /** Positiva credits, Negativa debits. */
    private static long signed(LifeNote n) {
        return type(n).equals("transaccioncorregidapositiva") ? n.amountMinor() : -n.amountMinor();
    }

    /** A settlement with nothing open: Positiva and a MoneySend confirmation credit, the rest debit. */
    private static long noneOpen(LifeNote n) {
        if (isConfirmation(n)) {
            return n.moneySend() ? n.amountMinor() : -n.amountMinor();
        }
        return signed(n);
    }
}
