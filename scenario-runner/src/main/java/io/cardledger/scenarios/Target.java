package io.cardledger.scenarios;

import java.net.URI;
import java.time.Duration;

/**
 * Where the system listens and the secrets it expects.
 *
 * @param catchUp      how long to wait, at most, for the ledger or the projection to catch up
 * @param analystToken read the ledger's card streams to know which notifications it has applied
 *                     (see {@link ScenarioRunner}); without it a scenario with a pay-out or transfer after a
 *                     notification fails with a message saying so
 * @param katFacilSecret the KatFacil webhook's bearer secret ({@code katfacilEvent} steps)
 */
public record Target(URI ingest, URI ledger, URI projection, String webhookPassword, String token, Duration catchUp,
                     String analystToken, String katFacilSecret) {
    /** The local profile's KatFacil webhook secret (config/local/webhook-ingest). */
    public static final String LOCAL_KATFACIL_SECRET = "local-katfacil-secret";

    public Target(URI ingest, URI ledger, URI projection, String webhookPassword, String token, Duration catchUp) {
        this(ingest, ledger, projection, webhookPassword, token, catchUp, null);
    }

    public Target(URI ingest, URI ledger, URI projection, String webhookPassword, String token, Duration catchUp,
                  String analystToken) {
        this(ingest, ledger, projection, webhookPassword, token, catchUp, analystToken, LOCAL_KATFACIL_SECRET);
    }

    /** The development stack's addresses and secrets ({@code ./ledger up}). */
    public static Target local() {
        return new Target(URI.create("http://localhost:8080"), URI.create("http://localhost:8081"),
                URI.create("http://localhost:8082"), "local-webhook-password", "local-service-token", Duration.ofSeconds(30),
                "local-analyst-token");
    }

    public Target withCatchUp(Duration other) {
        return new Target(ingest, ledger, projection, webhookPassword, token, other, analystToken, katFacilSecret);
    }
}
