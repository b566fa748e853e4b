package io.cardledger.support.edge;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The security headers Spring Security's default {@code HeaderWriterFilter} writes on a plain-HTTP
 * response, written once before the request is handled instead of through a response wrapper
 * after it. For routes whose handlers never set these headers themselves (the webhooks), the
 * result is the same headers at a fraction of the cost. Strict-Transport-Security is left to the
 * TLS-terminating proxy in front of the service, as it is on every other route (the services
 * themselves speak plain HTTP, where Spring does not write it either).
 */
final class StaticSecurityHeadersFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("X-Content-Type-Options", "nosniff");
        http.setHeader("X-XSS-Protection", "0");
        http.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        http.setHeader("Pragma", "no-cache");
        http.setHeader("Expires", "0");
        http.setHeader("X-Frame-Options", "DENY");
        chain.doFilter(request, response);
    }
}
