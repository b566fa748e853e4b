package io.cardledger.projection.read.balance;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests the filter answers itself; the rest go on to Spring MVC unchanged. */
class WalletBalanceEndpointTest {

    private static MockHttpServletRequest get(String uri) {
        return new MockHttpServletRequest("GET", uri);
    }

    @Test
    void aPlainGetOfOneWalletIsServedHere() {
        assertThat(WalletBalanceEndpoint.walletIdServedHere(get("/api/v1/wallets/w-1"))).isEqualTo("w-1");
        assertThat(WalletBalanceEndpoint.walletIdServedHere(get("/api/v1/wallets/a.json"))).isEqualTo("a.json");
    }

    @Test
    void jsonOrAnyAcceptHeaderIsServedHere() {
        for (String accept : new String[]{"application/json", "*/*", "application/json, application/*+json", "text/html, */*;q=0.8"}) {
            MockHttpServletRequest r = get("/api/v1/wallets/w-1");
            r.addHeader("Accept", accept);
            assertThat(WalletBalanceEndpoint.walletIdServedHere(r)).as(accept).isEqualTo("w-1");
        }
    }

    @Test
    void deeperPathsAreOtherEndpoints() {
        assertThat(WalletBalanceEndpoint.walletIdServedHere(get("/api/v1/wallets/w-1/transactions"))).isNull();
        assertThat(WalletBalanceEndpoint.walletIdServedHere(get("/api/v1/wallets/w-1/"))).isNull();
        assertThat(WalletBalanceEndpoint.walletIdServedHere(get("/api/v1/wallets/"))).isNull();
        assertThat(WalletBalanceEndpoint.walletIdServedHere(get("/api/v1/wallets"))).isNull();
    }

    @Test
    void idsThatNeedSpringsDecodingGoOnToSpringMvc() {
        assertThat(WalletBalanceEndpoint.walletIdServedHere(get("/api/v1/wallets/w%2D1"))).isNull();
        assertThat(WalletBalanceEndpoint.walletIdServedHere(get("/api/v1/wallets/w-1;v=2"))).isNull();
    }

    @Test
    void otherMethodsAndAcceptHeadersGoOnToSpringMvc() {
        assertThat(WalletBalanceEndpoint.walletIdServedHere(new MockHttpServletRequest("HEAD", "/api/v1/wallets/w-1"))).isNull();
        assertThat(WalletBalanceEndpoint.walletIdServedHere(new MockHttpServletRequest("PUT", "/api/v1/wallets/w-1"))).isNull();
        MockHttpServletRequest xml = get("/api/v1/wallets/w-1");
        xml.addHeader("Accept", "application/xml");
        assertThat(WalletBalanceEndpoint.walletIdServedHere(xml)).isNull();
    }

    @Test
    void underAContextPathItStaysOutOfTheWay() {
        MockHttpServletRequest r = get("/ctx/api/v1/wallets/w-1");
        r.setContextPath("/ctx");
        assertThat(WalletBalanceEndpoint.walletIdServedHere(r)).isNull();
    }
}
