package io.cardledger.support.edge;

/** The two bearer-token roles of the internal APIs. */
public final class Roles {
    public static final String SERVICE = "SERVICE";
    public static final String ANALYST = "ANALYST";

    private Roles() {
    }
}
