package io.cardledger.events.card;

import java.util.Locale;

/** Where a chargeback stands, as the ledger reads the issuer's status word. */
public enum ChargebackOutcome {
    /** Marked by the integrator, or reported as under study. */
    OPEN,
    /** Decided for the cardholder: the amount goes back to the wallet. */
    WON,
    /** Decided against the cardholder: nothing moves. */
    LOST;

    /**
     * The issuer's word read leniently (the seed documents no values): "won", "accepted", "approved",
     * "resolved in favor", "favorable" are WON; "lost", "rejected", "declined", "denied" are LOST;
     * anything else keeps it OPEN.
     */
    public static ChargebackOutcome of(String status) {
        String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
        if (s.contains("won") || s.contains("accept") || s.contains("approv") || s.contains("favor") || s.contains("credited")) {
            return WON;
        }
        if (s.contains("lost") || s.contains("reject") || s.contains("declin") || s.contains("denied")) {
            return LOST;
        }
        return OPEN;
    }
}
