package io.cardledger.events.card;

/**
 * The card issuers the ledger serves. Events written before KatFacil existed, and PayCaddy's own
 * events, carry no issuer (it is left out of their JSON so PayCaddy's events keep their bytes):
 * {@link #of} reads that absence as PayCaddy.
 */
public final class Issuers {
    public static final String PAYCADDY = "paycaddy";
    public static final String KATFACIL = "katfacil";

    private Issuers() {
    }

    public static String of(String issuer) {
        return issuer == null ? PAYCADDY : issuer;
    }
}
