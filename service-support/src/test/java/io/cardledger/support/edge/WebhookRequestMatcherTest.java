package io.cardledger.support.edge;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookRequestMatcherTest {

    @Test
    void theLeanChainTakesExactlyTheTablesWebhookPaths() {
        assertThat(EdgeRules.standard().webhookPaths()).containsExactlyInAnyOrder(
                EdgeRules.NOTIFICATION_WEBHOOK, EdgeRules.KYC_WEBHOOK, EdgeRules.KATFACIL_WEBHOOK, EdgeRules.CHARGEBACK_WEBHOOK);
    }

    @Test
    void aWebhookPathAnEarlierRuleDecidesIsNotTaken() {
        EdgeRules rules = new EdgeRules.Builder()
                .rule(Access.DENY, "/webhooks/a/**", "PUT")
                .rule(Access.WEBHOOK, "/webhooks/a")
                .rule(Access.WEBHOOK, "/webhooks/b/{id}")
                .rule(Access.WEBHOOK, "/webhooks/c")
                .build();

        assertThat(rules.webhookPaths()).containsExactly("/webhooks/c");
    }

    @Test
    void onlyTheCanonicalUriOfAWebhookMatches() {
        WebhookRequestMatcher matcher = new WebhookRequestMatcher(EdgeRules.standard().webhookPaths());

        assertThat(matcher.matches(request("", "/webhooks/paycaddy/notifications"))).isTrue();
        assertThat(matcher.matches(request("/ctx", "/ctx/webhooks/katfacil"))).isTrue();
        for (String other : new String[] {"/webhooks/paycaddy/notifications/", "/webhooks/paycaddy/notifications;x",
                "/webhooks/paycaddy/notification", "/webhooks/paycaddy/notificationsx", "/Webhooks/katfacil",
                "/webhooks/%6batfacil", "/webhooks/paycaddy/../katfacil", "/api/v1/wallets/w-1", "/", ""}) {
            assertThat(matcher.matches(request("", other))).as(other).isFalse();
        }
        assertThat(matcher.matches(request("/ctx", "/webhooks/katfacil"))).isFalse();
    }

    private static MockHttpServletRequest request(String context, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri);
        request.setContextPath(context);
        return request;
    }
}
