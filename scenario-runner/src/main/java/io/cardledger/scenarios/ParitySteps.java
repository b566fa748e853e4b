package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Issue 21's step kinds (PayCaddy parity; format in scenarios/README.md): credit lines, card controls,
 * chargebacks and the lookups. A step's body may carry {@code "expect"}: a JSON value the answer must
 * contain (objects: these fields, recursively; arrays of objects: element by element; arrays of plain
 * values: these among them). A lookup with an {@code expect} is asked again until it matches or the
 * catch-up time is over, since the ledger and the projection apply what was sent asynchronously.
 */
final class ParitySteps {
    /** Kinds that act on what the ledger has applied: run once every notification sent so far is applied. */
    static final Set<String> AFTER_NOTIFICATIONS = Set.of("chargeback");
    private static final Set<String> KINDS = Set.of("creditWallet", "reportPayCredit", "changeWalletLimit", "checkCredit",
            "blockCard", "unblockCard", "cancelCard", "cardLimit", "getCard", "chargeback", "chargebackWebhook",
            "getChargeback", "userWallets", "getOperation", "notificationStatus");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Target target;
    private final IdPrefix ids;
    /** One client for every step (its connections are reused); HTTP/1.1, as the issuer delivers. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ParitySteps(Target target, IdPrefix ids) {
        this.target = target;
        this.ids = ids;
    }

    static boolean handles(String kind) {
        return KINDS.contains(kind);
    }

    /** Sends the step (again, for a lookup, until its {@code expect} matches); the answer, and a mismatch or null. */
    Result run(String kind, JsonNode step) throws IOException, InterruptedException {
        ObjectNode body = (ObjectNode) ids.namespaced(step);
        JsonNode expect = body.remove("expect");
        if (!isLookup(kind) || expect == null) {
            HttpResponse<String> response = send(kind, body);
            return new Result(response, expect == null ? null : mismatch(expect, response));
        }
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        AtomicReference<String> mismatch = new AtomicReference<>();
        try {
            await().atMost(target.catchUp()).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).pollInSameThread()
                    .until(() -> {
                        last.set(send(kind, body));
                        mismatch.set(mismatch(expect, last.get()));
                        return mismatch.get() == null;
                    });
        } catch (ConditionTimeoutException e) {
            // The last answer and its mismatch are the step's failure.
        }
        return new Result(last.get(), mismatch.get());
    }

    record Result(HttpResponse<String> response, String mismatch) {
    }

    private static boolean isLookup(String kind) {
        return Set.of("checkCredit", "getCard", "getChargeback", "userWallets", "getOperation", "notificationStatus").contains(kind);
    }

    private HttpResponse<String> send(String kind, ObjectNode b) throws IOException, InterruptedException {
        String card = seg(b.path("cardId").asText());
        String wallet = seg(b.path("walletId").asText());
        return switch (kind) {
            case "creditWallet" -> call(target.ledger(), "PUT", "/api/v1/wallet-credits/" + wallet, b);
            case "reportPayCredit" -> call(target.ledger(), "POST", "/api/v1/credit-payments", b);
            case "changeWalletLimit" -> call(target.ledger(), "POST", "/api/v1/wallet-credits/" + wallet + "/limit-changes", b);
            case "checkCredit" -> call(target.ledger(), "GET", "/api/v1/wallet-credits/" + wallet, null);
            case "blockCard" -> call(target.ledger(), "POST", "/api/v1/cards/" + card + "/block", null);
            case "unblockCard" -> call(target.ledger(), "POST", "/api/v1/cards/" + card + "/unblock", null);
            case "cancelCard" -> call(target.ledger(), "POST", "/api/v1/cards/" + card + "/cancel", null);
            case "cardLimit" -> call(target.ledger(), "PUT", "/api/v1/cards/" + card + "/limit", b);
            case "getCard" -> call(target.ledger(), "GET", "/api/v1/cards/" + card, null);
            case "chargeback" -> call(target.ledger(), "POST", "/api/v1/cards/" + card + "/chargebacks", b);
            case "getChargeback" -> call(target.ledger(), "GET", "/api/v1/cards/" + card + "/chargebacks/"
                    + seg(b.path("transactionId").asText()), null);
            case "notificationStatus" -> call(target.ledger(), "GET", "/api/v1/cards/" + card + "/transactions/"
                    + seg(b.path("transactionId").asText()) + "/notifications", null);
            case "userWallets" -> call(target.projection(), "GET", "/api/v1/users/" + seg(b.path("userId").asText()) + "/wallets", null);
            case "getOperation" -> call(target.projection(), "GET", "/api/v1/operations/" + seg(b.path("id").asText()), null);
            case "chargebackWebhook" -> {
                ObjectNode withPassword = b.deepCopy();
                if (!withPassword.has("password")) {
                    withPassword.put("password", target.webhookPassword());
                }
                yield call(target.ingest(), "POST", "/webhooks/paycaddy/chargebacks", withPassword);
            }
            default -> throw new IllegalArgumentException("not a parity step: " + kind);
        };
    }

    private HttpResponse<String> call(URI base, String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (!path.startsWith("/webhooks/")) {
            request.header("Authorization", "Bearer " + target.token());
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String seg(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Null when the answer contains {@code expect}, else what differs. */
    static String mismatch(JsonNode expect, HttpResponse<String> response) {
        JsonNode actual;
        try {
            actual = JSON.readTree(response.body());
        } catch (IOException e) {
            return "expected JSON containing " + expect + ", got " + response.statusCode() + " " + SystemClient.abbreviate(response.body());
        }
        String at = differs(expect, actual, "");
        return at == null ? null : "expected " + expect + " in the answer, differs at " + at + ": got "
                + response.statusCode() + " " + SystemClient.abbreviate(response.body());
    }

    static String differs(JsonNode expect, JsonNode actual, String path) {
        if (actual == null || actual.isMissingNode()) {
            return path.isEmpty() ? "/" : path;
        }
        if (expect.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String d = differs(e.getValue(), actual.get(e.getKey()), path + "/" + e.getKey());
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expect.isArray()) {
            if (!actual.isArray()) {
                return path;
            }
            for (int i = 0; i < expect.size(); i++) {
                JsonNode want = expect.get(i);
                if (want.isValueNode()) {
                    boolean found = false;
                    for (JsonNode a : actual) {
                        found |= a.equals(want) || (a.isNumber() && want.isNumber() && a.asLong() == want.asLong());
                    }
                    if (!found) {
                        return path + "[" + want + "]";
                    }
                } else {
                    String d = differs(want, actual.get(i), path + "/" + i);
                    if (d != null) {
                        return d;
                    }
                }
            }
            return null;
        }
        if (expect.isNumber() && actual.isNumber()) {
            return expect.asLong() == actual.asLong() ? null : path;
        }
        return expect.equals(actual) ? null : path;
    }
}
