package io.cardledger.support.edge;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every endpoint a running service serves, and the {@link EdgeRules} rule that covers each: Spring
 * MVC handler mappings (controllers, actuator, API docs), servlet registrations (the notification
 * servlet) and filters that answer requests themselves (the balance fast path, any filter mapped
 * to a path narrower than {@code /*}). The inventory tests fail on any endpoint no explicit rule
 * covers, so a new endpoint cannot be added without deciding who may call it.
 */
public final class EdgeInventory {
    static final List<String> ALL_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** @param method HTTP method; @param path the registered pattern; @param rule the covering rule, null if none */
    public record Endpoint(String source, String method, String path, EdgeRules.Rule rule) {
        @Override
        public String toString() {
            return source + " " + method + " " + path + " -> " + (rule == null ? "NO RULE" : rule.toString());
        }
    }

    private EdgeInventory() {
    }

    public static List<Endpoint> of(ApplicationContext context, EdgeRules rules) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (var entry : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).entrySet()) {
            for (RequestMappingInfo info : entry.getValue().getHandlerMethods().keySet()) {
                Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
                List<String> methods = declared.isEmpty() ? ALL_METHODS : declared.stream().map(Enum::name).toList();
                for (String pattern : info.getPatternValues()) {
                    for (String method : methods) {
                        endpoints.add(endpoint(entry.getKey(), method, pattern, rules));
                    }
                }
            }
        }
        for (var entry : context.getBeansOfType(ServletRegistrationBean.class).entrySet()) {
            for (Object mapping : entry.getValue().getUrlMappings()) {
                String pattern = String.valueOf(mapping);
                if (!"/".equals(pattern)) {
                    for (String method : ALL_METHODS) {
                        endpoints.add(endpoint("servlet " + entry.getKey(), method, pattern, rules));
                    }
                }
            }
        }
        for (var entry : context.getBeansOfType(FilterRegistrationBean.class).entrySet()) {
            for (Object mapping : entry.getValue().getUrlPatterns()) {
                String pattern = String.valueOf(mapping);
                if (!"/*".equals(pattern)) {
                    for (String method : ALL_METHODS) {
                        endpoints.add(endpoint("filter " + entry.getKey(), method, pattern, rules));
                    }
                }
            }
        }
        return endpoints;
    }

    /** The endpoints no rule covers (the catch-all denial does not count). */
    public static List<Endpoint> unruled(ApplicationContext context, EdgeRules rules) {
        return of(context, rules).stream().filter(e -> e.rule() == null).toList();
    }

    private static Endpoint endpoint(String source, String method, String pattern, EdgeRules rules) {
        String path = concrete(pattern);
        return new Endpoint(source, method, pattern, rules.ruleFor(method, path).orElse(null));
    }

    /** A path the pattern matches: variables and wildcards replaced by a plain segment. */
    static String concrete(String pattern) {
        String p = pattern.replaceAll("\\{\\*[^}]*}", "x").replaceAll("\\{[^}]*}", "x")
                .replace("/**", "/x").replace("/*", "/x").replace("**", "x").replace("*", "x");
        // As CanonicalPathFilter presents it: without a trailing slash.
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "/" : p;
    }

    public static Set<String> describe(List<Endpoint> endpoints) {
        Set<String> lines = new TreeSet<>();
        endpoints.forEach(e -> lines.add(e.toString()));
        return lines;
    }
}
