package io.cardledger.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer tokens of the internal APIs, from the environment; never logged. Outside the {@code local}
 * profile a service whose API needs them refuses to start without them ({@link RequiredSecrets}).
 *
 * @param serviceToken   token of internal services: integrator operations and reads
 * @param analystToken   token of reconciliation analysts: analyst endpoints and reads
 * @param bearerTokens   whether this service has a bearer-token API at all (the webhook ingest has none)
 * @param maxBodyBytes   largest request body the API reads (64 KiB); 0 = the service bounds its bodies itself
 */
@ConfigurationProperties("cardledger.security")
public record SecurityProperties(String serviceToken, String analystToken, Boolean bearerTokens, Integer maxBodyBytes) {
    public SecurityProperties {
        serviceToken = serviceToken == null ? "" : serviceToken;
        analystToken = analystToken == null ? "" : analystToken;
        bearerTokens = bearerTokens == null || bearerTokens;
        maxBodyBytes = maxBodyBytes == null ? 65536 : maxBodyBytes;
    }

    @Override
    public String toString() {
        return "SecurityProperties[serviceToken=" + (serviceToken.isEmpty() ? "<unset>" : "<set>")
                + ", analystToken=" + (analystToken.isEmpty() ? "<unset>" : "<set>")
                + ", bearerTokens=" + bearerTokens + ", maxBodyBytes=" + maxBodyBytes + "]";
    }
}
