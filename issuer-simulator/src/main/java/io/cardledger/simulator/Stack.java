package io.cardledger.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The three services over HTTP, as the issuer and the integrator reach them: webhooks with the
 * password in the body (webhook-ingest), registrations and pay-ins with the service token
 * (ledger-service), balances with the service token (projection-service).
 */
public final class Stack {
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI ingest;
    private final URI ledger;
    private final URI projection;
    private final String password;
    private final String token;
    private final HttpClient http;

    public Stack(URI ingest, URI ledger, URI projection, String password, String token, int connections) {
        this.ingest = ingest;
        this.ledger = ledger;
        this.projection = projection;
        this.password = password;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newFixedThreadPool(Math.max(2, Math.min(8, connections / 8)), r -> {
                    Thread t = new Thread(r, "sim-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    /** POSTs one webhook; the HTTP status, or -1 when no answer came (refused, reset, timed out). */
    public int webhook(ObjectNode bodyWithoutPassword) {
        ObjectNode b = bodyWithoutPassword.deepCopy();
        b.put("password", password);
        return send(HttpRequest.newBuilder(ingest.resolve("/webhooks/paycaddy/notifications"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build());
    }

    public int registerWallet(String walletId, String userId, String currency) {
        ObjectNode b = JSON.createObjectNode().put("walletId", walletId).put("userId", userId).put("currency", currency)
                .put("walletType", 0);
        return ledgerCall("PUT", "/api/v1/wallets/" + walletId, b);
    }

    public int registerCard(String cardId, String walletId, String userId) {
        ObjectNode b = JSON.createObjectNode().put("cardId", cardId).put("walletId", walletId).put("userId", userId)
                .put("product", "prepaid").put("physical", false);
        return ledgerCall("PUT", "/api/v1/cards/" + cardId, b);
    }

    public int payIn(String id, String walletId, long amountMinor, String currency) {
        ObjectNode b = JSON.createObjectNode().put("id", id).put("walletIdTo", walletId).put("amount", amountMinor)
                .put("currency", currency).put("statement", "simulator funds");
        return ledgerCall("POST", "/api/v1/pay-ins", b);
    }

    /** {available, withheld} as projection-service shows it, or null when it has no such wallet (yet) or no answer. */
    public long[] balance(String walletId) {
        JsonNode w = projectionGet("/api/v1/wallets/" + walletId);
        return w == null ? null : new long[]{w.path("available").asLong(), w.path("withheld").asLong()};
    }

    /** A GET on projection-service, parsed; null on anything but 200. */
    public JsonNode projectionGet(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(projection.resolve(pathAndQuery))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private int ledgerCall(String method, String path, ObjectNode body) {
        return send(HttpRequest.newBuilder(ledger.resolve(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
