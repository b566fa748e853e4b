package io.cardledger.support.edge;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one access table of every service's HTTP edge, first match wins; whatever matches no rule is
 * denied. Rules are path patterns ({@code /api/v1/analyst/**}), matched with Spring's
 * {@code PathPattern} on the canonical path (see {@link CanonicalPathFilter}), the same path and the
 * same matching Spring MVC routes on, so an endpoint added under a pattern is covered by it.
 * The table is data so that the inventory tests can ask which rule covers a registered endpoint.
 */
public final class EdgeRules {
    public static final String NOTIFICATION_WEBHOOK = "/webhooks/paycaddy/notifications";
    public static final String KYC_WEBHOOK = "/webhooks/paycaddy/kyc";
    public static final String KATFACIL_WEBHOOK = "/webhooks/katfacil";
    /** Issue 21: the issuer's chargeback status webhook, authenticated like the notifications (body password). */
    public static final String CHARGEBACK_WEBHOOK = "/webhooks/paycaddy/chargebacks";

    /**
     * @param methods HTTP methods the rule applies to; empty = every method
     * @param pattern a Spring {@code PathPattern}
     */
    public record Rule(Set<String> methods, String pattern, Access access, RequestMatcher matcher) {
        public boolean appliesTo(String method, String path) {
            return (methods.isEmpty() || methods.contains(method))
                    && org.springframework.web.util.pattern.PathPatternParser.defaultInstance.parse(pattern)
                    .matches(org.springframework.http.server.PathContainer.parsePath(path));
        }

        @Override
        public String toString() {
            return (methods.isEmpty() ? "*" : String.join("|", methods)) + " " + pattern + " -> " + access;
        }
    }

    private static final EdgeRules DEFAULT = new Builder()
            // Webhooks: open at the edge, authenticated by the endpoint with its own credential (the
            // notification's body password, the KYC header secret, KatFacil's Authorization: Bearer secret); bearer tokens open neither.
            .rule(Access.WEBHOOK, NOTIFICATION_WEBHOOK)
            .rule(Access.WEBHOOK, KYC_WEBHOOK)
            .rule(Access.WEBHOOK, KATFACIL_WEBHOOK)
            .rule(Access.WEBHOOK, CHARGEBACK_WEBHOOK)
            .rule(Access.OPEN, "/actuator/health", "GET", "HEAD")
            .rule(Access.OPEN, "/actuator/health/**", "GET", "HEAD")
            .rule(Access.OPEN, "/actuator/info", "GET", "HEAD")
            .rule(Access.OPEN, "/actuator/prometheus", "GET", "HEAD")
            // Every other actuator endpoint (the links page, anything exposed by mistake): nobody.
            .rule(Access.DENY, "/actuator")
            .rule(Access.DENY, "/actuator/**")
            // The OpenAPI document and its UI describe the API; they open nothing (unchanged behaviour).
            .rule(Access.OPEN, "/v3/api-docs", "GET", "HEAD")
            .rule(Access.OPEN, "/v3/api-docs/**", "GET", "HEAD")
            .rule(Access.OPEN, "/v3/api-docs.yaml", "GET", "HEAD")
            .rule(Access.OPEN, "/swagger-ui.html", "GET", "HEAD")
            .rule(Access.OPEN, "/swagger-ui/**", "GET", "HEAD")
            .rule(Access.ANALYST, "/api/v1/analyst/**")
            .rule(Access.READ, "/api/**", "GET", "HEAD")
            .rule(Access.SERVICE, "/api/**")
            // Spring Boot's error page is only reached by the container's error dispatch (allowed
            // below), never by a caller.
            .rule(Access.DENY, "/error")
            .build();

    private final List<Rule> rules;

    private EdgeRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static EdgeRules standard() {
        return DEFAULT;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The first rule matching the request, if any. */
    public Optional<Rule> ruleFor(HttpServletRequest request) {
        for (Rule rule : rules) {
            if (rule.matcher().matches(request)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /**
     * The literal paths whose first matching rule, for every method, is an {@link Access#WEBHOOK}
     * rule: requests to exactly these paths need no decision beyond "open at the edge" (their
     * endpoint checks its own credential), which the lean webhook chain relies on.
     */
    public List<String> webhookPaths() {
        List<String> paths = new ArrayList<>();
        for (Rule rule : rules) {
            String pattern = rule.pattern();
            boolean literal = pattern.indexOf('*') < 0 && pattern.indexOf('{') < 0 && pattern.indexOf('?') < 0;
            if (rule.access() == Access.WEBHOOK && rule.methods().isEmpty() && literal
                    && EdgeInventory.ALL_METHODS.stream().allMatch(m -> ruleFor(m, pattern).filter(rule::equals).isPresent())) {
                paths.add(pattern);
            }
        }
        return List.copyOf(paths);
    }

    /** For the inventory tests: the first rule for a method and a (pattern-free) path. */
    public Optional<Rule> ruleFor(String method, String path) {
        return rules.stream().filter(r -> r.appliesTo(method, path)).findFirst();
    }

    static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private final PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();

        Builder rule(Access access, String pattern, String... methods) {
            RequestMatcher matcher;
            if (methods.length == 0) {
                matcher = paths.matcher(pattern);
            } else {
                List<RequestMatcher> any = new ArrayList<>();
                for (String m : methods) {
                    any.add(paths.matcher(HttpMethod.valueOf(m), pattern));
                }
                matcher = any.size() == 1 ? any.get(0) : new org.springframework.security.web.util.matcher.OrRequestMatcher(any);
            }
            rules.add(new Rule(Set.of(methods), pattern, access, matcher));
            return this;
        }

        EdgeRules build() {
            return new EdgeRules(rules);
        }
    }
}
