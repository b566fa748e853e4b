package io.cardledger.projection.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionITBase;
import io.cardledger.support.edge.EdgeInventory;
import io.cardledger.support.edge.EdgeRules;
import io.cardledger.testing.edge.EdgeProbe;
import io.cardledger.testing.edge.EdgeProbe.Call;
import io.cardledger.testing.edge.EdgeProbe.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projection's whole web edge over real HTTP: every endpoint (the balance fast path, which
 * answers from a filter, included) x every caller x every spelling of its path; the inventory of
 * registered endpoints (handler mappings, servlets, filters) against the access rules; the body limit.
 */
class EdgeAccessIT extends ProjectionITBase {
    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    private String projectedWallet() {
        WalletStream wallet = new WalletStream(uniqueId("w-edge"), "EUR");
        publish(wallet.registered(uniqueId("u")), wallet.payIn(uniqueId("op"), 12_345, Instant.now()));
        await().atMost(PROJECTED).until(() -> {
            ResponseEntity<JsonNode> r = http.exchange(RequestEntity.get(URI.create("/api/v1/wallets/" + wallet.walletId))
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE_TOKEN).build(), JsonNode.class);
            return r.getStatusCode().is2xxSuccessful();
        });
        return wallet.walletId;
    }

    @Test
    void everySpellingOfEveryPathGetsWhatThePlainPathGetsForEveryCaller() {
        String wallet = projectedWallet();
        List<Endpoint> endpoints = List.of(
                // Reads: the service token and the analyst token.
                new Endpoint("balance (fast path)", n -> Call.of("GET", "/api/v1/wallets/" + wallet), 401, 200, 200, 401),
                new Endpoint("balance of an unknown wallet", n -> Call.of("GET", "/api/v1/wallets/nobody-" + n), 401, 404, 404, 401),
                new Endpoint("transactions", n -> Call.of("GET", "/api/v1/wallets/" + wallet + "/transactions?limit=5"), 401, 200, 200, 401),
                new Endpoint("authorizations", n -> Call.of("GET", "/api/v1/cards/no-card/authorizations"), 401, 404, 404, 401),
                new Endpoint("authorization", n -> Call.of("GET", "/api/v1/cards/no-card/authorizations/000001"), 401, 404, 404, 401),
                new Endpoint("kyc", n -> Call.of("GET", "/api/v1/users/nobody/kyc"), 401, 404, 404, 401),
                // Issue 21's lookups.
                new Endpoint("a user's wallets", n -> Call.of("GET", "/api/v1/users/nobody/wallets"), 401, 200, 200, 401),
                new Endpoint("an operation", n -> Call.of("GET", "/api/v1/operations/no-op-" + n), 401, 404, 404, 401),
                new Endpoint("write to an operation", n -> Call.json("POST", "/api/v1/operations/x", "{}"), 401, 405, 403, 401),
                // Writes the projection does not have: the service token reaches Spring MVC (405), the analyst does not.
                new Endpoint("write to a read path", n -> Call.json("PUT", "/api/v1/wallets/" + wallet, "{}"), 401, 405, 403, 401),
                // Analyst endpoints: the analyst token only.
                new Endpoint("a rebuild", n -> Call.of("GET", "/api/v1/analyst/rebuilds/no-such-rebuild"), 401, 403, 404, 401),
                // Open to everyone.
                new Endpoint("health", n -> Call.of("GET", "/actuator/health"), 200, 200, 200, 200),
                new Endpoint("prometheus", n -> Call.of("GET", "/actuator/prometheus"), 200, 200, 200, 200),
                new Endpoint("api docs", n -> Call.of("GET", "/v3/api-docs"), 200, 200, 200, 200),
                // Denied by default.
                new Endpoint("unknown path", n -> Call.of("GET", "/no-such-path"), 404, 404, 404, 404),
                new Endpoint("actuator env", n -> Call.of("GET", "/actuator/env"), 404, 404, 404, 404));

        List<String> mismatches = new EdgeProbe("http://localhost:" + port, SERVICE_TOKEN, ANALYST_TOKEN).mismatches(endpoints);

        assertThat(mismatches).isEmpty();
    }

    @Test
    void everyRegisteredEndpointHasAnAccessRule() {
        List<EdgeInventory.Endpoint> all = EdgeInventory.of(context, EdgeRules.standard());

        assertThat(EdgeInventory.describe(EdgeInventory.unruled(context, EdgeRules.standard()))).isEmpty();
        assertThat(EdgeInventory.describe(all))
                .anyMatch(e -> e.startsWith("filter walletBalanceEndpoint GET /api/v1/wallets/* -> ") && e.endsWith("/api/** -> READ"))
                .anyMatch(e -> e.contains("POST /api/v1/analyst/rebuilds -> * /api/v1/analyst/** -> ANALYST"));
    }

    @Test
    void aTwoMegabyteBodyIsRefusedWith413() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/analyst/rebuilds"))
                .header("Authorization", "Bearer " + ANALYST_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("https://cardledger.io/problems/body-too-large");
    }
}
