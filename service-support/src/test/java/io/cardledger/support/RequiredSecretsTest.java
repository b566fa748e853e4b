package io.cardledger.support;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiredSecretsTest {
    private static Map<String, String> secrets(String token, String other) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cardledger.security.service-token (CARDLEDGER_SERVICE_TOKEN)", token);
        m.put("cardledger.security.analyst-token (CARDLEDGER_ANALYST_TOKEN)", other);
        return m;
    }

    @Test
    void outsideTheLocalProfileAnUnsetSecretStopsTheStartNamingItButNoValue() {
        MockEnvironment production = new MockEnvironment();

        assertThatThrownBy(() -> RequiredSecrets.check(production, secrets("s3cret-value", " ")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CARDLEDGER_ANALYST_TOKEN")
                .hasMessageNotContaining("CARDLEDGER_SERVICE_TOKEN")
                .hasMessageNotContaining("s3cret-value");
        assertThatCode(() -> RequiredSecrets.check(production, secrets("a", "b"))).doesNotThrowAnyException();
    }

    @Test
    void theLocalProfileStartsWithoutThem() {
        MockEnvironment local = new MockEnvironment();
        local.setActiveProfiles("local");

        assertThatCode(() -> RequiredSecrets.check(local, secrets(null, ""))).doesNotThrowAnyException();
    }
}
