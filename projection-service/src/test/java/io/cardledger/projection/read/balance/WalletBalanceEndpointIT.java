package io.cardledger.projection.read.balance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionITBase;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.time.Instant;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link WalletBalanceEndpoint} answers plain balance reads before Spring MVC; everything else still
 * reaches {@link WalletBalanceController}. A percent-encoded id takes the Spring MVC route for the
 * same wallet, so each test can compare the two answers.
 */
class WalletBalanceEndpointIT extends ProjectionITBase {

    /** The same path with the id's first character percent-encoded: Spring MVC decodes it, the filter passes it on. */
    private static String viaSpringMvc(String walletId) {
        return "/api/v1/wallets/%" + Integer.toHexString(walletId.charAt(0)).toUpperCase() + walletId.substring(1);
    }

    private WalletStream projectedWallet(String user) {
        WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
        publish(wallet.registered(user), wallet.payIn(uniqueId("op"), 12_345, Instant.now()));
        await().atMost(PROJECTED).until(() -> {
            ResponseEntity<JsonNode> r = get("/api/v1/wallets/" + wallet.walletId);
            return r.getStatusCode().is2xxSuccessful() && r.getBody().get("lastSequence").asLong() == 1;
        });
        return wallet;
    }

    private ResponseEntity<JsonNode> getWith(String path, String token) {
        RequestEntity.HeadersBuilder<?> request = RequestEntity.get(URI.create(path));
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return http.exchange(request.build(), JsonNode.class);
    }

    @Nested
    class Body {
        @Test
        void carriesEveryFieldOfTheBalance() {
            // given
            String user = uniqueId("u");
            WalletStream wallet = projectedWallet(user);

            // when
            ResponseEntity<JsonNode> r = get("/api/v1/wallets/" + wallet.walletId);

            // then
            assertThat(r.getStatusCode().value()).isEqualTo(200);
            assertThat(r.getHeaders().getContentType()).hasToString("application/json");
            JsonNode body = r.getBody();
            assertThat(body.get("walletId").asText()).isEqualTo(wallet.walletId);
            assertThat(body.get("userId").asText()).isEqualTo(user);
            assertThat(body.get("currency").asText()).isEqualTo("EUR");
            assertThat(body.get("walletType").asInt()).isEqualTo(1);
            assertThat(body.get("available").asLong()).isEqualTo(12_345);
            assertThat(body.get("withheld").asLong()).isZero();
            assertThat(body.get("total").asLong()).isEqualTo(12_345);
            assertThat(body.get("lastSequence").asLong()).isEqualTo(1);
            assertThat(Instant.parse(body.get("lastEventAt").asText())).isNotNull();
            assertThat(Instant.parse(body.get("registeredAt").asText())).isNotNull();
        }

        @Test
        void isTheBodySpringMvcAnswers() {
            // given
            WalletStream wallet = projectedWallet(uniqueId("u"));

            // when
            ResponseEntity<JsonNode> direct = get("/api/v1/wallets/" + wallet.walletId);
            ResponseEntity<JsonNode> mvc = get(viaSpringMvc(wallet.walletId));

            // then
            assertThat(mvc.getStatusCode().value()).isEqualTo(200);
            assertThat(direct.getBody()).isEqualTo(mvc.getBody());
            assertThat(direct.getHeaders().getContentType()).isEqualTo(mvc.getHeaders().getContentType());
        }

        @Test
        void aWalletNotYetRegisteredShowsNullUserAndType() {
            // given a movement projected before the wallet's registration
            WalletStream wallet = new WalletStream(uniqueId("w"), "USD");
            wallet.registered(uniqueId("u"));
            publish(wallet.payIn(uniqueId("op"), 500, Instant.now()));
            await().atMost(PROJECTED).until(() -> get("/api/v1/wallets/" + wallet.walletId).getStatusCode().is2xxSuccessful());

            // when
            JsonNode body = get("/api/v1/wallets/" + wallet.walletId).getBody();

            // then nulls are written as nulls, as Spring MVC writes them
            assertThat(body.get("userId").isNull()).isTrue();
            assertThat(body.get("walletType").isNull()).isTrue();
            assertThat(body.get("available").asLong()).isEqualTo(500);
            assertThat(body).isEqualTo(get(viaSpringMvc(wallet.walletId)).getBody());
        }
    }

    @Nested
    class Problems {
        @Test
        void anUnknownWalletIsTheSameNotFoundProblemOnBothRoutes() {
            // given
            String nobody = uniqueId("nobody");

            // when
            ResponseEntity<JsonNode> direct = get("/api/v1/wallets/" + nobody);
            ResponseEntity<JsonNode> mvc = get(viaSpringMvc(nobody));

            // then
            assertThat(direct.getStatusCode().value()).isEqualTo(404);
            assertThat(direct.getHeaders().getContentType()).hasToString("application/problem+json");
            JsonNode problem = direct.getBody();
            assertThat(problem.get("title").asText()).isEqualTo("Wallet not found");
            assertThat(problem.get("status").asInt()).isEqualTo(404);
            assertThat(problem.get("type").asText()).isEqualTo("https://cardledger.io/problems/wallet-not-found");
            assertThat(problem.get("detail").asText()).contains(nobody);
            assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/wallets/" + nobody);

            assertThat(mvc.getStatusCode().value()).isEqualTo(404);
            assertThat(mvc.getHeaders().getContentType()).isEqualTo(direct.getHeaders().getContentType());
            JsonNode mvcProblem = ((ObjectNode) mvc.getBody().deepCopy()).without("instance");
            JsonNode directProblem = ((ObjectNode) problem.deepCopy()).without("instance");
            assertThat(mvcProblem).isEqualTo(directProblem);
        }

        @Test
        void withoutATokenItIsUnauthorized() {
            ResponseEntity<JsonNode> r = getWith("/api/v1/wallets/" + uniqueId("w"), null);

            assertThat(r.getStatusCode().value()).isEqualTo(401);
            assertThat(r.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(r.getBody().get("title").asText()).isEqualTo("Missing or invalid bearer token");
        }

        @Test
        void aWrongTokenIsUnauthorized() {
            ResponseEntity<JsonNode> r = getWith("/api/v1/wallets/" + uniqueId("w"), SERVICE_TOKEN + "x");

            assertThat(r.getStatusCode().value()).isEqualTo(401);
            assertThat(r.getHeaders().getContentType()).hasToString("application/problem+json");
        }

        @Test
        void theAnalystTokenMayReadBalancesToo() {
            WalletStream wallet = projectedWallet(uniqueId("u"));

            ResponseEntity<JsonNode> r = getWith("/api/v1/wallets/" + wallet.walletId, ANALYST_TOKEN);

            assertThat(r.getStatusCode().value()).isEqualTo(200);
            assertThat(r.getBody().get("available").asLong()).isEqualTo(12_345);
        }

        @Test
        void anAcceptHeaderWithoutJsonIsStillSpringMvcs406() {
            WalletStream wallet = projectedWallet(uniqueId("u"));

            ResponseEntity<String> r = http.exchange(RequestEntity.get(URI.create("/api/v1/wallets/" + wallet.walletId))
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE_TOKEN)
                    .header(HttpHeaders.ACCEPT, "text/html").build(), String.class);

            assertThat(r.getStatusCode().value()).isEqualTo(406);
        }
    }

    @Test
    void headIsStillAnsweredBySpringMvc() {
        WalletStream wallet = projectedWallet(uniqueId("u"));

        ResponseEntity<Void> r = http.exchange(new RequestEntity<Void>(headers(), HttpMethod.HEAD,
                URI.create("/api/v1/wallets/" + wallet.walletId)), Void.class);

        assertThat(r.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void readsAreTimedUnderTheEndpointsUriTag() {
        // given
        WalletStream wallet = projectedWallet(uniqueId("u"));
        double okBefore = requests("200");
        double notFoundBefore = requests("404");

        // when
        get("/api/v1/wallets/" + wallet.walletId);
        get("/api/v1/wallets/" + uniqueId("nobody"));

        // then (the observation closes as the filter chain unwinds, just after the answer is sent)
        await().atMost(PROJECTED).untilAsserted(() -> {
            assertThat(requests("200")).isGreaterThanOrEqualTo(okBefore + 1);
            assertThat(requests("404")).isGreaterThanOrEqualTo(notFoundBefore + 1);
        });
    }

    private double requests(String status) {
        Timer timer = meters.find("http.server.requests").tag("uri", "/api/v1/wallets/{walletId}").tag("status", status).timer();
        return timer == null ? 0 : timer.count();
    }

    private static HttpHeaders headers() {
        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth(SERVICE_TOKEN);
        return h;
    }
}
