package io.cardledger.scenarios;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls to the running services' APIs that several end-to-end tests share. */
final class E2eCalls {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private E2eCalls() {
    }

    /** A bearer-token call; a call with a body must succeed (2xx). */
    static HttpResponse<String> call(String method, URI base, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (body != null) {
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        }
        return response;
    }

    /** A EUR wallet with a virtual prepaid card, funded with {@code amountMinor} (pay-in {@code payInId}), over the ledger's API. */
    static void fundedCard(Target target, String wallet, String card, String userId, String payInId, long amountMinor) throws Exception {
        call("PUT", target.ledger(), "/api/v1/wallets/" + wallet, target.token(),
                "{\"walletId\":\"" + wallet + "\",\"userId\":\"" + userId + "\",\"currency\":\"EUR\",\"walletType\":0}");
        call("PUT", target.ledger(), "/api/v1/cards/" + card, target.token(),
                "{\"cardId\":\"" + card + "\",\"walletId\":\"" + wallet + "\",\"userId\":\"" + userId
                        + "\",\"product\":\"prepaid\",\"physical\":false}");
        call("POST", target.ledger(), "/api/v1/pay-ins", target.token(),
                "{\"id\":\"" + payInId + "\",\"walletIdTo\":\"" + wallet + "\",\"amount\":" + amountMinor + ",\"currency\":\"EUR\"}");
    }
}
