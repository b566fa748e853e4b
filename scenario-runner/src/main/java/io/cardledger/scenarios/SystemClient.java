package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** HTTP to the running system: the webhook, the ledger's API and analyst API, the projection's balances. */
final class SystemClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Target target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SystemClient(Target target) {
        this.target = target;
    }

    Target target() {
        return target;
    }

    /** A call to the ledger's service API with the service token. */
    HttpResponse<String> ledger(String method, String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(target.ledger().resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + target.token())
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build());
    }

    /** The issuer's notification webhook, with the body exactly as given. */
    HttpResponse<String> notificationWebhook(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(target.ingest().resolve("/webhooks/paycaddy/notifications"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** KatFacil's webhook, with the body exactly as given and the target's bearer secret. */
    HttpResponse<String> katFacilWebhook(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(target.ingest().resolve("/webhooks/katfacil"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + target.katFacilSecret())
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Distinct notification ids on the card's stream in the ledger's analyst API (kept while the card
     * was unknown, or applied); 0 when the ledger does not know the card.
     */
    int recordedNotifications(String cardId) throws IOException, InterruptedException {
        return recorded(cardId, "");
    }

    /** The same for the KatFacil events of a card (event keys on its KatFacil stream). */
    int recordedKatFacilEvents(String cardId) throws IOException, InterruptedException {
        return recorded(cardId, "?issuer=katfacil");
    }

    private int recorded(String cardId, String query) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(target.ledger().resolve("/api/v1/analyst/cards/"
                        + URLEncoder.encode(cardId, StandardCharsets.UTF_8) + "/stream" + query))
                .header("Authorization", "Bearer " + target.analystToken()).timeout(Duration.ofSeconds(5)).GET().build());
        if (r.statusCode() == 404) {
            return 0;
        }
        if (r.statusCode() != 200) {
            throw new IOException("the ledger's card stream answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode entry : JSON.readTree(r.body())) {
            if (entry.path("notificationId").isTextual()) {
                ids.add(entry.get("notificationId").asText());
            }
        }
        return ids.size();
    }

    /** The wallet's balance as projection-service answers it, or the HTTP status it answered instead. */
    WalletAnswer walletBalance(String walletId) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(target.projection().resolve("/api/v1/wallets/" + walletId))
                .header("Authorization", "Bearer " + target.token()).timeout(Duration.ofSeconds(5)).GET().build());
        if (r.statusCode() != 200) {
            return new WalletAnswer(r.statusCode(), Optional.empty());
        }
        JsonNode actual = JSON.readTree(r.body());
        return new WalletAnswer(200, Optional.of(new Outcome.Balance(actual.path("available").asLong(), actual.path("withheld").asLong())));
    }

    record WalletAnswer(int status, Optional<Outcome.Balance> balance) {
    }

    /** The problem+json title of an answer, or null when it has none. */
    static String problemTitle(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).path("title").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
