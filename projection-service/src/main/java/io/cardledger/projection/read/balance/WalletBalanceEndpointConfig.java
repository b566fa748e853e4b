package io.cardledger.projection.read.balance;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Mounts {@link WalletBalanceEndpoint} last in the filter chain for {@code /api/v1/wallets/*}, so
 * the web edge (canonical path, Spring Security and its access rules), the observation (metrics) filter and the request-context filters run
 * before it exactly as they do for Spring MVC's handlers.
 */
@Configuration
class WalletBalanceEndpointConfig {
    @Bean
    FilterRegistrationBean<WalletBalanceEndpoint> walletBalanceEndpoint(WalletBalanceQuery query, ObjectMapper mapper) {
        FilterRegistrationBean<WalletBalanceEndpoint> registration =
                new FilterRegistrationBean<>(new WalletBalanceEndpoint(query, mapper));
        registration.setName("walletBalanceEndpoint");
        registration.addUrlPatterns(WalletBalanceEndpoint.PREFIX + "*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
