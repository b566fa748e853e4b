package io.cardledger.support.edge;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.List;

/**
 * Matches the webhook routes, and nothing else, by comparing the canonical request URI (see
 * {@link CanonicalPathFilter}) with the literal paths the {@link EdgeRules} table marks
 * {@link Access#WEBHOOK}. Only paths whose first matching rule is that webhook rule for every
 * method are taken ({@link EdgeRules#webhookPaths()}), so this matcher can never widen what the
 * table decides: a request it does not match is decided by the table in the main chain.
 *
 * <p>An exact comparison of two strings, with no path parsing and no allocation: it runs first on
 * every request of every service.
 */
final class WebhookRequestMatcher implements RequestMatcher {
    private final List<String> paths;

    WebhookRequestMatcher(List<String> paths) {
        this.paths = List.copyOf(paths);
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (!uri.startsWith(context)) {
            return false;
        }
        int length = uri.length() - context.length();
        for (String path : paths) {
            if (path.length() == length && uri.startsWith(path, context.length())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "webhook paths " + paths;
    }
}
