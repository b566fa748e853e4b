package io.cardledger.projection.read.balance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.ServerHttpObservationFilter;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * {@code GET /api/v1/wallets/{walletId}} without Spring MVC: the busiest endpoint of the service
 * (every balance check of every internal caller). A profile at 2,000 requests/s put about 60 % of
 * the request threads' CPU in the {@code DispatcherServlet} around a handler that does one
 * primary-key lookup: handler lookup, argument resolution, content negotiation and the message
 * converter. Here a filter at the end of the chain answers the request itself, after the Spring
 * Security chain of service-support (so the canonical path, the firewall and the access rules are
 * exactly those of every other {@code /api} path)
 * and inside the observation filter (so {@code http.server.requests} still records it, with the
 * same {@code uri} tag).
 *
 * <p>The answer is the one {@link WalletBalanceController} gives: the same query, the same body
 * written by the application's own {@code ObjectMapper}, the same 404 problem. Anything out of the
 * ordinary is passed on to Spring MVC and the controller: other methods (HEAD, OPTIONS...),
 * percent-encoded or matrix-parameter ids, deeper paths ({@code /transactions}), an {@code Accept}
 * header that does not take JSON (Spring answers 406). The controller also keeps the endpoint in
 * the OpenAPI document.
 */
public final class WalletBalanceEndpoint implements Filter {
    static final String PATH_PATTERN = "/api/v1/wallets/{walletId}";
    static final String PREFIX = "/api/v1/wallets/";

    private final WalletBalanceQuery query;
    private final ObjectWriter body;
    /** Spring's mapper knows ProblemDetail's JSON shape (its mixin), as the controller advice uses it. */
    private final ObjectMapper problems;

    public WalletBalanceEndpoint(WalletBalanceQuery query, ObjectMapper mapper) {
        this.query = query;
        this.body = mapper.writerFor(WalletBalanceView.class);
        this.problems = mapper;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String walletId = walletIdServedHere(request);
        if (walletId == null) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(PATH_PATTERN));
        Optional<WalletBalanceView> balance = query.find(walletId);
        if (balance.isEmpty()) {
            ProblemDetail problem = WalletBalanceController.notFound(walletId);
            problem.setInstance(URI.create(request.getRequestURI()));
            write(response, HttpStatus.NOT_FOUND.value(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, problems.writeValueAsBytes(problem));
            return;
        }
        write(response, HttpStatus.OK.value(), MediaType.APPLICATION_JSON_VALUE, body.writeValueAsBytes(balance.get()));
    }

    private static void write(HttpServletResponse response, int status, String contentType, byte[] bytes) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The wallet id when this request is a plain balance read this filter answers, else null. */
    static String walletIdServedHere(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || !request.getContextPath().isEmpty()) {
            return null;
        }
        String uri = request.getRequestURI();
        if (!uri.startsWith(PREFIX) || uri.length() == PREFIX.length()) {
            return null;
        }
        for (int i = PREFIX.length(); i < uri.length(); i++) {
            char c = uri.charAt(i);
            // Deeper paths are other endpoints; '%' and ';' need Spring's decoding and matrix-variable rules.
            if (c == '/' || c == '%' || c == ';') {
                return null;
            }
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && !accept.contains("*/*") && !accept.contains(MediaType.APPLICATION_JSON_VALUE)
                && !accept.contains("application/*")) {
            return null;
        }
        return uri.substring(PREFIX.length());
    }
}
