package io.cardledger.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer tokens of the internal APIs, from the environment. An empty token matches nothing, so a
 * service without configured tokens refuses every API call (fail closed).
 *
 * @param serviceToken token of internal services (read balances, record wallet operations)
 * @param analystToken token of reconciliation analysts (everything, plus replay and rebuild)
 */
@ConfigurationProperties("cardledger.security")
public record SecurityProperties(String serviceToken, String analystToken) {
}
