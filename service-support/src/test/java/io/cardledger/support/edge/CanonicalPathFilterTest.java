package io.cardledger.support.edge;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Unit level only; the whole chain over real HTTP is each service's EdgeAccessIT. */
class CanonicalPathFilterTest {
    /** As Tomcat presents a request: the raw URI, and the decoded, normalised servlet path it mapped. */
    private static MockHttpServletRequest request(String rawUri, String servletPath) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", rawUri);
        request.setServletPath(servletPath);
        return request;
    }

    @Test
    void aCanonicalUriIsLeftAlone() {
        assertThat(CanonicalPathFilter.canonicalUri(request("/api/v1/wallets/w-1", "/api/v1/wallets/w-1"))).isNull();
    }

    @Test
    void anyOtherSpellingBecomesTheMappedPath() {
        assertThat(CanonicalPathFilter.canonicalUri(request("/%61pi/v1/wallets/w-1", "/api/v1/wallets/w-1"))).isEqualTo("/api/v1/wallets/w-1");
        assertThat(CanonicalPathFilter.canonicalUri(request("/api;x/v1/analyst;y/anomalies", "/api/v1/analyst/anomalies")))
                .isEqualTo("/api/v1/analyst/anomalies");
        assertThat(CanonicalPathFilter.canonicalUri(request("/api/v1/wallets/w-1/", "/api/v1/wallets/w-1/"))).isEqualTo("/api/v1/wallets/w-1");
        assertThat(CanonicalPathFilter.canonicalUri(request("//api//v1/./x/../wallets", "/api/v1/wallets"))).isEqualTo("/api/v1/wallets");
    }

    @Test
    void decodedCharactersThatAreSyntaxAreEscapedAgain() {
        // An id holding a ';' or a space (sent escaped) must not be re-read as a parameter or split.
        assertThat(CanonicalPathFilter.canonicalUri(request("/api/v1/wallets/a%3Bb%20c", "/api/v1/wallets/a;b c")))
                .isEqualTo("/api/v1/wallets/a%3Bb%20c");
        assertThat(CanonicalPathFilter.encode("/api/v1/wallets/é")).isEqualTo("/api/v1/wallets/%C3%A9");
    }

    @Test
    void caseIsNotFolded() {
        assertThat(CanonicalPathFilter.canonicalUri(request("/API/v1/wallets", "/API/v1/wallets"))).isNull();
    }
}
