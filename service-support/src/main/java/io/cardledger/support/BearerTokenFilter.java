package io.cardledger.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Internal APIs ({@code /api/**}) need {@code Authorization: Bearer <token>}. The service token
 * opens the service API; analyst-only paths ({@code /api/v1/analyst/**}) need the analyst token,
 * which opens everything. Tokens are compared in constant time and never logged.
 */
public class BearerTokenFilter extends OncePerRequestFilter {
    public static final String ANALYST_PREFIX = "/api/v1/analyst/";
    private static final String BEARER = "Bearer ";

    private final byte[] serviceToken;
    private final byte[] analystToken;

    public BearerTokenFilter(SecurityProperties properties) {
        this.serviceToken = bytes(properties.serviceToken());
        this.analystToken = bytes(properties.analystToken());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        byte[] presented = header != null && header.startsWith(BEARER) ? bytes(header.substring(BEARER.length()).trim()) : new byte[0];
        boolean analyst = matches(presented, analystToken);
        boolean service = analyst || matches(presented, serviceToken);
        if (!service) {
            Problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, "Missing or invalid bearer token",
                    "Send Authorization: Bearer <token> with the token configured for this service."));
            return;
        }
        if (request.getRequestURI().startsWith(ANALYST_PREFIX) && !analyst) {
            Problems.write(response, Problems.of(HttpStatus.FORBIDDEN, "Analyst role required",
                    "Replay, rebuild and reconciliation operations need the analyst token."));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean matches(byte[] presented, byte[] expected) {
        return expected.length > 0 && MessageDigest.isEqual(presented, expected);
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
