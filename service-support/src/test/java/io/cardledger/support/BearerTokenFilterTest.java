package io.cardledger.support;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenFilterTest {
    private final BearerTokenFilter filter = new BearerTokenFilter(new SecurityProperties("svc", "ana"));

    private MockHttpServletResponse call(String uri, String token) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void missingTokenIsUnauthorizedAsProblemJson() throws Exception {
        MockHttpServletResponse r = call("/api/v1/wallets/w", null);
        assertThat(r.getStatus()).isEqualTo(401);
        assertThat(r.getContentType()).isEqualTo("application/problem+json");
        assertThat(r.getContentAsString()).contains("Missing or invalid bearer token");
    }

    @Test
    void serviceTokenOpensTheServiceApiButNotAnalystPaths() throws Exception {
        assertThat(call("/api/v1/wallets/w", "svc").getStatus()).isEqualTo(200);
        assertThat(call("/api/v1/analyst/rebuild", "svc").getStatus()).isEqualTo(403);
    }

    @Test
    void analystTokenOpensEverything() throws Exception {
        assertThat(call("/api/v1/wallets/w", "ana").getStatus()).isEqualTo(200);
        assertThat(call("/api/v1/analyst/rebuild", "ana").getStatus()).isEqualTo(200);
    }

    @Test
    void wrongTokenAndUnconfiguredTokensAreRefused() throws Exception {
        assertThat(call("/api/v1/wallets/w", "nope").getStatus()).isEqualTo(401);
        BearerTokenFilter unconfigured = new BearerTokenFilter(new SecurityProperties("", null));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/wallets/w");
        request.addHeader("Authorization", "Bearer ");
        MockHttpServletResponse response = new MockHttpServletResponse();
        unconfigured.doFilter(request, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(401);
    }

    @Test
    void actuatorIsNotFiltered() throws Exception {
        assertThat(call("/actuator/health", null).getStatus()).isEqualTo(200);
    }
}
