package io.cardledger.ledger.web;

import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.support.edge.EdgeInventory;
import io.cardledger.support.edge.EdgeRules;
import io.cardledger.testing.SharedInfra;
import io.cardledger.testing.edge.EdgeProbe;
import io.cardledger.testing.edge.EdgeProbe.Call;
import io.cardledger.testing.edge.EdgeProbe.Caller;
import io.cardledger.testing.edge.EdgeProbe.Endpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's whole web edge over real HTTP (the full filter chain: canonical paths, firewall,
 * access rules, body limit): every endpoint x every caller x every spelling of its path, the
 * inventory of registered endpoints against the access rules, and the body limit.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeAccessIT {
    private static final String SERVICE = "edge-service-token";
    private static final String ANALYST = "edge-analyst-token";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        SharedInfra.get().springProperties("ledger").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("cardledger.security.service-token", () -> SERVICE);
        registry.add("cardledger.security.analyst-token", () -> ANALYST);
        // Shorter than the 10 s default, so that the slow-body test is quick; the mechanism is the same.
        registry.add("server.tomcat.connection-timeout", () -> "2s");
    }

    @LocalServerPort
    int port;
    @Autowired
    LedgerOperations ledger;
    @Autowired
    ApplicationContext context;
    @Autowired
    io.cardledger.ledger.application.CardAndCreditOperations cards;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String wallet = "w-edge-" + run;
    private final String other = "w-edge2-" + run;
    private final String card = "c-edge-" + run;
    private final String cancelled = "c-edge-cancelled-" + run;
    private final String credit = "w-edge-credit-" + run;

    @BeforeEach
    void wallets() {
        ledger.registerWallet(wallet, "u-edge", "EUR", 0);
        ledger.registerWallet(other, "u-edge", "EUR", 0);
        ledger.registerCard(card, wallet, "u-edge", "prepaid", false);
        ledger.payIn("pi-edge-" + run, wallet, 10_000_000, "EUR", "float");
        ledger.registerCard(cancelled, wallet, "u-edge", "prepaid", false);
        cards.registerCreditWallet(credit, "u-edge", "EUR", 0, "line", 30, 100_000);
    }

    private String id(String prefix, int attempt) {
        return prefix + "-" + run + "-" + attempt;
    }

    @Test
    void everySpellingOfEveryPathGetsWhatThePlainPathGetsForEveryCaller() {
        List<Endpoint> endpoints = List.of(
                // Integrator operations: the service token only; the analyst token is refused (403).
                new Endpoint("register wallet", n -> Call.json("PUT", "/api/v1/wallets/" + id("w", n),
                        "{\"walletId\":\"" + id("w", n) + "\",\"userId\":\"u\",\"currency\":\"EUR\",\"walletType\":0}"), 401, 200, 403, 401),
                new Endpoint("register card", n -> Call.json("PUT", "/api/v1/cards/" + id("c", n),
                        "{\"cardId\":\"" + id("c", n) + "\",\"walletId\":\"" + wallet + "\",\"userId\":\"u-edge\",\"product\":\"prepaid\",\"physical\":false}"),
                        401, 200, 403, 401),
                new Endpoint("pay-in", n -> Call.json("POST", "/api/v1/pay-ins",
                        "{\"id\":\"" + id("pi", n) + "\",\"walletIdTo\":\"" + wallet + "\",\"amount\":100,\"currency\":\"EUR\"}"), 401, 200, 403, 401),
                new Endpoint("pay-out", n -> Call.json("POST", "/api/v1/pay-outs",
                        "{\"id\":\"" + id("po", n) + "\",\"walletIdFrom\":\"" + wallet + "\",\"amount\":1,\"currency\":\"EUR\"}"), 401, 200, 403, 401),
                new Endpoint("transfer", n -> Call.json("POST", "/api/v1/transfers",
                        "{\"id\":\"" + id("t", n) + "\",\"walletIdFrom\":\"" + wallet + "\",\"walletIdTo\":\"" + other
                                + "\",\"amount\":1,\"currency\":\"EUR\"}"), 401, 200, 403, 401),
                // Issue 21: card state and controls, chargebacks, notification status, credit lines.
                new Endpoint("card", n -> Call.of("GET", "/api/v1/cards/" + card), 401, 200, 200, 401),
                new Endpoint("unknown card", n -> Call.of("GET", "/api/v1/cards/nobody-" + run), 401, 404, 404, 401),
                new Endpoint("block card", n -> Call.of("POST", "/api/v1/cards/" + card + "/block"), 401, 200, 403, 401),
                new Endpoint("unblock card", n -> Call.of("POST", "/api/v1/cards/" + card + "/unblock"), 401, 200, 403, 401),
                new Endpoint("cancel card", n -> Call.of("POST", "/api/v1/cards/" + cancelled + "/cancel"), 401, 200, 403, 401),
                new Endpoint("card limit", n -> Call.json("PUT", "/api/v1/cards/" + card + "/limit", "{\"limit\":5000}"),
                        401, 200, 403, 401),
                new Endpoint("chargeback of an unknown c11", n -> Call.json("POST", "/api/v1/cards/" + card + "/chargebacks",
                        "{\"transactionId\":\"999999\"}"), 401, 404, 403, 401),
                new Endpoint("chargeback status", n -> Call.of("GET", "/api/v1/cards/" + card + "/chargebacks/999999"), 401, 404, 404, 401),
                new Endpoint("notification status", n -> Call.of("GET", "/api/v1/cards/" + card + "/notifications/n-none"),
                        401, 404, 404, 401),
                new Endpoint("a transaction's notifications", n -> Call.of("GET", "/api/v1/cards/" + card
                        + "/transactions/000001/notifications"), 401, 200, 200, 401),
                new Endpoint("register credit wallet", n -> Call.json("PUT", "/api/v1/wallet-credits/" + id("wc", n),
                        "{\"userId\":\"u\",\"currency\":\"EUR\",\"time\":30,\"limit\":1000}"), 401, 200, 403, 401),
                new Endpoint("check credit", n -> Call.of("GET", "/api/v1/wallet-credits/" + credit), 401, 200, 200, 401),
                new Endpoint("credit payment", n -> Call.json("POST", "/api/v1/credit-payments", "{\"id\":\"" + id("cp", n)
                        + "\",\"walletId\":\"" + credit + "\",\"amountToCapital\":1,\"currency\":\"EUR\"}"), 401, 200, 403, 401),
                new Endpoint("credit limit change", n -> Call.json("POST", "/api/v1/wallet-credits/" + credit + "/limit-changes",
                        "{\"id\":\"" + id("cl", n) + "\",\"newLimit\":200000,\"currency\":\"EUR\"}"), 401, 200, 403, 401),
                // Analyst endpoints: the analyst token only; the service token is refused (403).
                new Endpoint("wallet stream", n -> Call.of("GET", "/api/v1/analyst/wallets/" + wallet + "/stream"), 401, 403, 200, 401),
                new Endpoint("card stream", n -> Call.of("GET", "/api/v1/analyst/cards/" + card + "/stream"), 401, 403, 200, 401),
                new Endpoint("wallet balance", n -> Call.of("GET", "/api/v1/analyst/wallets/" + wallet + "/balance?asOf=2030-01-01T00:00:00Z"), 401, 403, 200, 401),
                new Endpoint("anomalies", n -> Call.of("GET", "/api/v1/analyst/anomalies"), 401, 403, 200, 401),
                new Endpoint("what-if", n -> Call.json("POST", "/api/v1/analyst/what-if", "{\"cardId\":\"" + card + "\"}"), 401, 403, 200, 401),
                // An admitted analyst reaches the handler, which refuses a body that is not an issuer export (400).
                new Endpoint("reconcile", n -> Call.json("POST", "/api/v1/analyst/reconcile", "[]"), 401, 403, 400, 401),
                // Open to everyone.
                new Endpoint("health", n -> Call.of("GET", "/actuator/health"), 200, 200, 200, 200),
                new Endpoint("info", n -> Call.of("GET", "/actuator/info"), 200, 200, 200, 200),
                new Endpoint("prometheus", n -> Call.of("GET", "/actuator/prometheus"), 200, 200, 200, 200),
                // Denied by default: nothing there for anyone.
                new Endpoint("actuator env", n -> Call.of("GET", "/actuator/env"), 404, 404, 404, 404),
                new Endpoint("unknown path", n -> Call.of("GET", "/no-such-path"), 404, 404, 404, 404),
                new Endpoint("unknown api path", n -> Call.of("GET", "/api/v1/nothing-here"), 401, 404, 404, 401),
                new Endpoint("error page", n -> Call.of("GET", "/error"), 404, 404, 404, 404));

        List<String> mismatches = new EdgeProbe("http://localhost:" + port, SERVICE, ANALYST).mismatches(endpoints);

        assertThat(mismatches).isEmpty();
    }

    @Test
    void theAnalystTokenCannotRecordAPayOut() {
        EdgeProbe probe = new EdgeProbe("http://localhost:" + port, SERVICE, ANALYST);
        Call payOut = Call.json("POST", "/api/v1/pay-outs",
                "{\"id\":\"po-analyst-" + run + "\",\"walletIdFrom\":\"" + wallet + "\",\"amount\":5,\"currency\":\"EUR\"}");

        assertThat(probe.status(Caller.ANALYST, payOut)).isEqualTo(403);
        assertThat(ledger.wallet(wallet).availableMinor()).isEqualTo(10_000_000);
    }

    @Test
    void everyRegisteredEndpointHasAnAccessRule() {
        List<EdgeInventory.Endpoint> all = EdgeInventory.of(context, EdgeRules.standard());

        assertThat(EdgeInventory.describe(EdgeInventory.unruled(context, EdgeRules.standard()))).isEmpty();
        // The inventory did see the API (it is not vacuously empty).
        assertThat(EdgeInventory.describe(all)).anyMatch(e -> e.contains("PUT /api/v1/wallets/{walletId} -> * /api/** -> SERVICE"))
                .anyMatch(e -> e.contains("POST /api/v1/analyst/what-if -> * /api/v1/analyst/** -> ANALYST"))
                .anyMatch(e -> e.contains("GET /api/v1/cards/{cardId} -> GET|HEAD /api/** -> READ")
                        || e.contains("GET /api/v1/cards/{cardId} -> HEAD|GET /api/** -> READ"))
                .anyMatch(e -> e.contains("POST /api/v1/credit-payments -> * /api/** -> SERVICE"));
    }

    @Test
    void aTwoMegabyteBodyIsRefusedWith413() throws Exception {
        String big = "{\"id\":\"x\",\"statement\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        HttpResponse<String> declared = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/pay-ins"))
                .header("Authorization", "Bearer " + SERVICE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(declared.body()).contains("https://cardledger.io/problems/body-too-large");

        // Chunked (no Content-Length): counted while read.
        HttpURLConnection chunked = (HttpURLConnection) URI.create("http://localhost:" + port + "/api/v1/pay-ins").toURL().openConnection();
        chunked.setRequestMethod("POST");
        chunked.setDoOutput(true);
        chunked.setChunkedStreamingMode(8192);
        chunked.setRequestProperty("Authorization", "Bearer " + SERVICE);
        chunked.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = chunked.getOutputStream()) {
            out.write(big.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException closedEarly) {
            // The server may answer and close before the whole body is sent.
        }
        assertThat(chunked.getResponseCode()).isEqualTo(413);
    }

    @Test
    void aBodyThatStallsIsCutByTheReadTimeout() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/pay-ins HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + SERVICE
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            // The server gives up on the rest of the body: it answers an error or closes the connection.
            byte[] answer = socket.getInputStream().readNBytes(12);
            long waited = (System.nanoTime() - started) / 1_000_000;
            String status = new String(answer, StandardCharsets.US_ASCII);
            assertThat(status.isEmpty() || !status.startsWith("HTTP/1.1 200")).as(status).isTrue();
            assertThat(waited).as("waited ms").isLessThan(20_000);
        }
    }
}
