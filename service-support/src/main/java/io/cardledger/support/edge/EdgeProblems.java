package io.cardledger.support.edge;

import io.cardledger.support.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;

/** The security chain's refusals (401, 403, firewall 400) as problem+json of the one scheme. */
public final class EdgeProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String REQUEST_REJECTED = "request-rejected";
    public static final String NO_SUCH_ENDPOINT = "no-such-endpoint";

    private final EdgeRules rules;

    public EdgeProblems(EdgeRules rules) {
        this.rules = rules;
    }

    /** No (valid) credential where one is needed: 401. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        Access access = rules.ruleFor(request).map(EdgeRules.Rule::access).orElse(Access.DENY);
        if (access == Access.DENY) {
            noSuchEndpoint(request, response);
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        Problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, UNAUTHORIZED,
                "Missing or invalid bearer token", "Send Authorization: Bearer <token> with a token configured for this service."));
    }

    /** A valid credential whose role this path does not admit: 403. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        Access access = rules.ruleFor(request).map(EdgeRules.Rule::access).orElse(Access.DENY);
        if (access == Access.DENY) {
            noSuchEndpoint(request, response);
            return;
        }
        String title = switch (access) {
            case ANALYST -> "Analyst role required";
            case SERVICE -> "Service role required: the analyst token only reads";
            default -> "Forbidden";
        };
        String detail = switch (access) {
            case ANALYST -> "Replay, rebuild, reconciliation and other analyst operations need the analyst token.";
            case SERVICE -> "Registrations, pay-ins, pay-outs and transfers need the service token.";
            default -> "Not open to this caller.";
        };
        Problems.write(request, response, Problems.of(HttpStatus.FORBIDDEN, FORBIDDEN, title, detail));
    }

    /**
     * What no rule opens (deny by default) is answered the same to every caller, token or not: there
     * is no endpoint there for anyone, and the answer does not say whether a path exists.
     */
    private static void noSuchEndpoint(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Problems.write(request, response, Problems.of(HttpStatus.NOT_FOUND, NO_SUCH_ENDPOINT, "No such endpoint",
                "Nothing is served at this path and method; see the API documentation for the endpoints."));
    }

    /** A request StrictHttpFirewall refuses (encoded percent or slash, control characters, ...): 400. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) throws IOException {
        Problems.write(null, response, Problems.of(HttpStatus.BAD_REQUEST, REQUEST_REJECTED,
                "Request refused: the URL or a header is not in a form this service accepts",
                "Send a plain path without encoded '%', '/', ';' or '\\\\', control characters or unusual header values."));
    }
}
