package io.cardledger.testing.model;

/**
 * The life of one authorization (one c11) as the issuer may report it, with what it must do to
 * the wallet in the end under rulebook v1. The expectations are written here from the rulebook
 * table, independently of the ledger's code, so the property tests compare two implementations.
 *
 * @param kind which life
 * @param a    first amount in minor units (the authorization's, or the only one)
 * @param b    second amount (settlement, reversal or advice), when the kind has one
 */
public record Story(Kind kind, long a, long b) {

    public enum Kind {
        AUTH_ONLY, AUTH_CONFIRM, AUTH_CONFIRM_OTHER_AMOUNT, AUTH_REVERSAL, AUTH_POSITIVA, AUTH_NEGATIVA,
        CONFIRM_ONLY, POSITIVA_ONLY, NEGATIVA_ONLY, MONEYSEND, MONEYSEND_CONFIRM, MONEYSEND_REVERSAL,
        DECLINE, UNRECOGNISED, AUTH_ADVICE, REFUND
    }

    /** Final change to (available, withheld), whatever the order the notifications arrive in. */
    public long[] expectedEffect() {
        return switch (kind) {
            case AUTH_ONLY -> new long[]{-a, a};
            case AUTH_CONFIRM -> new long[]{-a, 0};
            case AUTH_CONFIRM_OTHER_AMOUNT -> new long[]{-b, 0};
            case AUTH_REVERSAL -> new long[]{-a + Math.min(a, b), 0};
            case AUTH_POSITIVA -> new long[]{-a + b, 0};
            case AUTH_NEGATIVA -> new long[]{-a - b, 0};
            case CONFIRM_ONLY, NEGATIVA_ONLY -> new long[]{-a, 0};
            case POSITIVA_ONLY, MONEYSEND, MONEYSEND_CONFIRM, REFUND -> new long[]{a, 0};
            case MONEYSEND_REVERSAL, DECLINE, UNRECOGNISED -> new long[]{0, 0};
            case AUTH_ADVICE -> new long[]{-b, b};
        };
    }

    /**
     * Change to (available, withheld) once exactly the marked notifications of this story have been
     * applied, in whatever order they arrived: what a wallet operation sees when only part of the story
     * has reached the ledger. Written from the rulebook table, its "matching and ordering" rules and
     * docs/adr/0003 (reversals park until their authorization; a settlement with nothing open applies by
     * the "none open" rule; a MoneySend confirmation with no credit open credits; an advice with nothing
     * open holds like an authorization; a refund request alone moves nothing).
     *
     * @param first  whether the story's first notification has been applied
     * @param second whether its second has (ignored for one-notification stories)
     */
    public long[] effectOf(boolean first, boolean second) {
        boolean twoNotes = notes("000000000").size() == 2;
        if (!first && (!twoNotes || !second)) {
            return new long[]{0, 0};
        }
        if (!twoNotes || (first && second)) {
            return expectedEffect();
        }
        if (first) {
            return switch (kind) {
                case MONEYSEND_CONFIRM, MONEYSEND_REVERSAL -> new long[]{a, 0};
                case REFUND -> new long[]{0, 0};
                default -> new long[]{-a, a};
            };
        }
        return switch (kind) {
            case AUTH_CONFIRM -> new long[]{-a, 0};
            case AUTH_CONFIRM_OTHER_AMOUNT, AUTH_NEGATIVA -> new long[]{-b, 0};
            case AUTH_POSITIVA -> new long[]{b, 0};
            case AUTH_REVERSAL, MONEYSEND_REVERSAL -> new long[]{0, 0};
            case AUTH_ADVICE -> new long[]{-b, b};
            case MONEYSEND_CONFIRM, REFUND -> new long[]{a, 0};
            default -> throw new IllegalStateException(kind + " has one notification");
        };
    }

    /** The notifications of this story (in issuer order; arrival order is shuffled later). */
    public java.util.List<Note> notes(String c11) {
        return switch (kind) {
            case AUTH_ONLY -> java.util.List.of(Note.auth(c11, a));
            case AUTH_CONFIRM -> java.util.List.of(Note.auth(c11, a), Note.of("TransaccionConfirmada", c11, a));
            case AUTH_CONFIRM_OTHER_AMOUNT -> java.util.List.of(Note.auth(c11, a), Note.of("TransaccionConfirmada", c11, b));
            case AUTH_REVERSAL -> java.util.List.of(Note.auth(c11, a), Note.of("ComunicacionAnulacion", c11, b));
            case AUTH_POSITIVA -> java.util.List.of(Note.auth(c11, a), Note.of("TransaccionCorregidaPositiva", c11, b));
            case AUTH_NEGATIVA -> java.util.List.of(Note.auth(c11, a), Note.of("TransaccionCorregidaNegativa", c11, b));
            case CONFIRM_ONLY -> java.util.List.of(Note.of("TransaccionConfirmada", c11, a));
            case POSITIVA_ONLY -> java.util.List.of(Note.of("TransaccionCorregidaPositiva", c11, a));
            case NEGATIVA_ONLY -> java.util.List.of(Note.of("TransaccionCorregidaNegativa", c11, a));
            case MONEYSEND -> java.util.List.of(Note.moneySend("PeticionAutorizacion", c11, a));
            case MONEYSEND_CONFIRM -> java.util.List.of(Note.moneySend("PeticionAutorizacion", c11, a),
                    Note.moneySend("TransaccionConfirmada", c11, a));
            case MONEYSEND_REVERSAL -> java.util.List.of(Note.moneySend("PeticionAutorizacion", c11, a),
                    Note.moneySend("ComunicacionAnulacion", c11, a));
            case DECLINE -> java.util.List.of(Note.of("NO HAY FONDOS", "", a));
            case UNRECOGNISED -> java.util.List.of(Note.of("AlgoNuevoDelEmisor", c11, a));
            case AUTH_ADVICE -> java.util.List.of(Note.auth(c11, a), Note.of("ComunicacionAutorizacion", c11, b));
            case REFUND -> java.util.List.of(Note.of("PeticionDevolucion", c11, 0), Note.of("TransaccionCorregidaPositiva", c11, a));
        };
    }
}
