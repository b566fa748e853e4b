package io.cardledger.support.edge;

/** What a rule of the {@link EdgeRules} table lets through. */
public enum Access {
    /** Anyone: health, info, metrics scrape, API docs. */
    OPEN,
    /** Anyone at the edge; the endpoint itself checks its webhook credential (body password or header secret). */
    WEBHOOK,
    /** The service token or the analyst token. */
    READ,
    /** The service token only (integrator operations: registrations, pay-ins, pay-outs, transfers). */
    SERVICE,
    /** The analyst token only. */
    ANALYST,
    /** Nobody. */
    DENY
}
