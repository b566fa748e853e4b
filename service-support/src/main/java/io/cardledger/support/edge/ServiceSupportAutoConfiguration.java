package io.cardledger.support.edge;

import io.cardledger.support.FrameworkProblemHandler;
import io.cardledger.support.RequiredSecrets;
import io.cardledger.support.SecurityProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web edge every service shares, switched on by having this module on the classpath: canonical
 * paths, Spring Security with its {@link StrictHttpFirewall} deciding every request with the one
 * {@link EdgeRules} table (deny by default), bearer-token roles, problem+json refusals, body limits
 * and the start-up check of the secrets.
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableWebSecurity
public class ServiceSupportAutoConfiguration {

    @Bean
    EdgeRules edgeRules() {
        return EdgeRules.standard();
    }

    @Bean
    EdgeProblems edgeProblems(EdgeRules rules) {
        return new EdgeProblems(rules);
    }

    /** Runs before everything else, for the request and its async continuation. */
    @Bean
    FilterRegistrationBean<CanonicalPathFilter> canonicalPathFilter() {
        FilterRegistrationBean<CanonicalPathFilter> registration = new FilterRegistrationBean<>(new CanonicalPathFilter());
        registration.setName("canonicalPathFilter");
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Just after the security chain (-100): only an admitted caller's body is read at all. */
    @Bean
    BodyLimitFilter bodyLimit(SecurityProperties properties) {
        return new BodyLimitFilter(Math.max(properties.maxBodyBytes(), 1));
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(BodyLimitFilter filter, SecurityProperties properties) {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("bodyLimitFilter");
        registration.addUrlPatterns("/*");
        registration.setOrder(-99);
        registration.setEnabled(properties.maxBodyBytes() > 0);
        return registration;
    }

    @Bean
    HttpFirewall httpFirewall() {
        // The defaults: no encoded '%', '/', '\', ';' or '.', no control characters, only standard methods.
        // Non-canonical but harmless forms never reach it (CanonicalPathFilter re-writes them first).
        return new StrictHttpFirewall();
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(EdgeProblems problems) {
        return problems;
    }

    /** Bearer tokens are authenticated by {@link BearerTokenAuthenticationFilter}; nothing else logs anyone in. */
    @Bean
    AuthenticationManager edgeAuthenticationManager() {
        return authentication -> {
            throw new BadCredentialsException("Only bearer tokens authenticate at this edge");
        };
    }

    /**
     * No Micrometer observation per security filter and request: with them, Spring Security wrapped each
     * filter of the chain in an observation that looked its meters up on every request, and the ingest's
     * cost per accepted webhook went from 72 to 423 us of CPU (webhook-ingest/bench/separate-processes.sh,
     * 9,558 -> 3,824 accepted/s at 64 connections). The edge's refusals are counted by the services' own metrics.
     */
    @Bean
    @ConditionalOnMissingBean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    /** See {@link NoHandlerIntrospectionCache}: static, so that it is there before the introspector is made. */
    @Bean
    static NoHandlerIntrospectionCache noHandlerIntrospectionCache() {
        return new NoHandlerIntrospectionCache();
    }

    /**
     * The webhook routes' own chain, tried first: the table opens them at the edge (each checks its
     * own credential), so no security context, anonymous user or authorization is needed, only the
     * firewall (applied by the filter chain proxy before any chain is chosen) and the security
     * headers. The full chain below costs about a tenth of a webhook's CPU (see ADR 0007). Every
     * other request, including every variant of a webhook path that is not its canonical form, is
     * decided by the full chain and the table.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain webhookSecurityFilterChain(EdgeRules rules) {
        return new DefaultSecurityFilterChain(new WebhookRequestMatcher(rules.webhookPaths()), new StaticSecurityHeadersFilter());
    }

    @Bean
    SecurityFilterChain edgeSecurityFilterChain(HttpSecurity http, SecurityProperties properties, EdgeRules rules,
                                                EdgeProblems problems, Environment environment) throws Exception {
        if (properties.bearerTokens()) {
            Map<String, String> secrets = new LinkedHashMap<>();
            secrets.put("cardledger.security.service-token (CARDLEDGER_SERVICE_TOKEN)", properties.serviceToken());
            secrets.put("cardledger.security.analyst-token (CARDLEDGER_ANALYST_TOKEN)", properties.analystToken());
            RequiredSecrets.check(environment, secrets);
        }
        String service = properties.bearerTokens() ? properties.serviceToken() : "";
        String analyst = properties.bearerTokens() ? properties.analystToken() : "";
        http.csrf(c -> c.disable())
                .httpBasic(c -> c.disable())
                .formLogin(c -> c.disable())
                .logout(c -> c.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .addFilterBefore(new BearerTokenAuthenticationFilter(service, analyst), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(a -> a.anyRequest().access(new EdgeAuthorizationManager(rules)));
        return http.build();
    }

    @Bean
    FrameworkProblemHandler frameworkProblemHandler() {
        return new FrameworkProblemHandler();
    }
}
