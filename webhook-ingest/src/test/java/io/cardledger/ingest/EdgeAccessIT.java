package io.cardledger.ingest;

import io.cardledger.ingest.notification.IssuerNotifications;
import io.cardledger.support.edge.EdgeInventory;
import io.cardledger.support.edge.EdgeRules;
import io.cardledger.testing.edge.EdgeProbe;
import io.cardledger.testing.edge.EdgeProbe.Call;
import io.cardledger.testing.edge.EdgeProbe.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import jakarta.servlet.Filter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest's whole web edge over real HTTP (the notification servlet's fast path included):
 * every endpoint x every caller x every spelling of its path; the inventory of endpoints against
 * the access rules. The ingest has no bearer-token API: the webhooks authenticate with their own
 * credentials (body password, KYC header secret), which open nothing else, and bearer tokens open
 * nothing here.
 */
class EdgeAccessIT extends IngestIT {
    @Autowired
    ApplicationContext context;

    @Test
    void everySpellingOfEveryPathGetsWhatThePlainPathGetsForEveryCaller() {
        List<Endpoint> endpoints = List.of(
                new Endpoint("notification", n -> Call.json("POST", "/webhooks/paycaddy/notifications",
                        IssuerNotifications.notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", IssuerNotifications.newCardId()).toString()),
                        200, 200, 200, 200),
                new Endpoint("notification, wrong password", n -> Call.json("POST", "/webhooks/paycaddy/notifications",
                        IssuerNotifications.notification(KYC_SECRET, "PeticionAutorizacion", IssuerNotifications.newCardId()).toString()),
                        401, 401, 401, 401),
                new Endpoint("notification, GET", n -> Call.of("GET", "/webhooks/paycaddy/notifications"), 405, 405, 405, 405),
                new Endpoint("kyc", n -> new Call("POST", "/webhooks/paycaddy/kyc", "application/json",
                        "{\"metadata\":{\"userId\":\"edge-" + UUID.randomUUID() + "\"},\"status\":\"verified\"}",
                        Map.of("X-Webhook-Secret", KYC_SECRET)), 200, 200, 200, 200),
                // The webhook password is not the KYC secret: each credential opens its own route only.
                new Endpoint("kyc with the webhook password", n -> new Call("POST", "/webhooks/paycaddy/kyc", "application/json",
                        "{\"metadata\":{\"userId\":\"edge\"},\"status\":\"verified\"}",
                        Map.of("X-Webhook-Secret", WEBHOOK_PASSWORD)), 401, 401, 401, 401),
                new Endpoint("katfacil", n -> new Call("POST", "/webhooks/katfacil", "application/json",
                        "{\"event\":\"digitalcard.funded\",\"data\":{\"card_id\":\"edge-" + UUID.randomUUID() + "\",\"amount\":\"1\"}}",
                        Map.of("Authorization", "Bearer " + KATFACIL_SECRET)), 200, 200, 200, 200),
                // Neither PayCaddy credential opens KatFacil's route, and KatFacil's opens neither of PayCaddy's.
                new Endpoint("katfacil with the kyc secret", n -> new Call("POST", "/webhooks/katfacil", "application/json",
                        "{\"event\":\"digitalcard.funded\"}", Map.of("Authorization", "Bearer " + KYC_SECRET)), 401, 401, 401, 401),
                new Endpoint("katfacil without a secret", n -> Call.json("POST", "/webhooks/katfacil", "{\"event\":\"x\"}"),
                        401, 401, 401, 401),
                new Endpoint("kyc with the katfacil secret", n -> new Call("POST", "/webhooks/paycaddy/kyc", "application/json",
                        "{\"metadata\":{\"userId\":\"edge\"},\"status\":\"verified\"}",
                        Map.of("X-Webhook-Secret", KATFACIL_SECRET)), 401, 401, 401, 401),
                new Endpoint("katfacil, GET", n -> Call.of("GET", "/webhooks/katfacil"), 405, 405, 405, 405),
                // Issue 21: the chargeback webhook, authenticated like the notifications.
                new Endpoint("chargeback", n -> Call.json("POST", "/webhooks/paycaddy/chargebacks",
                        "{\"password\":\"" + WEBHOOK_PASSWORD + "\",\"cardId\":\"c-edge\",\"transactionId\":\"000001\","
                                + "\"status\":\"open\",\"n\":\"" + UUID.randomUUID() + "\"}"), 200, 200, 200, 200),
                new Endpoint("chargeback with the KYC secret", n -> Call.json("POST", "/webhooks/paycaddy/chargebacks",
                        "{\"password\":\"" + KYC_SECRET + "\",\"cardId\":\"c-edge\",\"transactionId\":\"1\",\"status\":\"open\"}"),
                        401, 401, 401, 401),
                new Endpoint("health", n -> Call.of("GET", "/actuator/health"), 200, 200, 200, 200),
                new Endpoint("prometheus", n -> Call.of("GET", "/actuator/prometheus"), 200, 200, 200, 200),
                // No bearer-token API here: any /api path is refused, tokens or not.
                new Endpoint("an api path", n -> Call.of("GET", "/api/v1/wallets/w-1"), 401, 401, 401, 401),
                new Endpoint("unknown path", n -> Call.of("POST", "/webhooks/paycaddy/nope"), 404, 404, 404, 404),
                new Endpoint("actuator env", n -> Call.of("GET", "/actuator/env"), 404, 404, 404, 404));

        // The tokens below are configured nowhere in the ingest: the "service" and "analyst" callers are strangers too.
        List<String> mismatches = new EdgeProbe("http://localhost:" + port, "a-service-token", "an-analyst-token").mismatches(endpoints);

        assertThat(mismatches).isEmpty();
    }

    /**
     * The edge decides on the canonical path with path patterns, so Spring MVC's handler lookup, which Spring
     * Security would otherwise run for every request to cache it, is not run at all (it cost about a quarter of
     * the ingest's request CPU; see NoHandlerIntrospectionCache).
     */
    @Test
    void theSecurityChainRunsNoMvcHandlerLookupPerRequest() throws Exception {
        HandlerMappingIntrospector introspector = context.getBean("mvcHandlerMappingIntrospector", HandlerMappingIntrospector.class);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
        List<Object> cachedDuringChain = new ArrayList<>();

        @SuppressWarnings("deprecation")
        Filter cacheFilter = introspector.createCacheFilter();
        cacheFilter.doFilter(request, new MockHttpServletResponse(), (rq, rs) -> {
            var names = rq.getAttributeNames();
            while (names.hasMoreElements()) {
                String name = names.nextElement();
                if (name.startsWith(HandlerMappingIntrospector.class.getName())) {
                    cachedDuringChain.add(name);
                }
            }
            cachedDuringChain.add("passed");
        });

        assertThat(cachedDuringChain).containsExactly("passed");
    }

    /**
     * The webhooks go through their own lean security chain (no security context, no authorization: the table
     * opens them and each checks its own credential), every other route through the full one; both answer with
     * the same security headers.
     */
    @Test
    void webhooksAndOtherRoutesAnswerWithTheSameSecurityHeaders() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String body = IssuerNotifications.notification(WEBHOOK_PASSWORD, "PeticionAutorizacion", IssuerNotifications.newCardId()).toString();
        List<java.net.http.HttpRequest> requests = List.of(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/webhooks/paycaddy/notifications"))
                        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/webhooks/paycaddy/kyc"))
                        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/actuator/health")).GET().build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/wallets/w-1")).GET().build());
        for (java.net.http.HttpRequest request : requests) {
            var headers = client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).headers();
            assertThat(headers.firstValue("X-Content-Type-Options")).as(request.uri().getPath()).contains("nosniff");
            assertThat(headers.firstValue("X-Frame-Options")).as(request.uri().getPath()).contains("DENY");
            assertThat(headers.firstValue("Cache-Control")).as(request.uri().getPath()).contains("no-cache, no-store, max-age=0, must-revalidate");
        }
    }

    @Test
    void everyRegisteredEndpointHasAnAccessRule() {
        List<EdgeInventory.Endpoint> all = EdgeInventory.of(context, EdgeRules.standard());

        assertThat(EdgeInventory.describe(EdgeInventory.unruled(context, EdgeRules.standard()))).isEmpty();
        assertThat(EdgeInventory.describe(all))
                .anyMatch(e -> e.startsWith("servlet notificationServlet POST /webhooks/paycaddy/notifications -> ") && e.endsWith("WEBHOOK"))
                .anyMatch(e -> e.contains("POST /webhooks/paycaddy/kyc -> * /webhooks/paycaddy/kyc -> WEBHOOK"))
                .anyMatch(e -> e.contains("POST /webhooks/katfacil -> * /webhooks/katfacil -> WEBHOOK"))
                .anyMatch(e -> e.contains("POST /webhooks/paycaddy/chargebacks -> * /webhooks/paycaddy/chargebacks -> WEBHOOK"));
    }
}
