package io.cardledger.support.edge;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code Authorization: Bearer <token>} to a role: the service token gives {@code ROLE_SERVICE},
 * the analyst token {@code ROLE_ANALYST} (not both: the analyst cannot record operations). Tokens
 * are compared in constant time and never logged. A missing or unknown token leaves the caller
 * anonymous: the access rules then answer 401 where a role is needed and nothing changes where
 * none is. Only bearer tokens are read here; the webhook credentials are checked by their
 * endpoints, so neither opens anything else.
 */
public final class BearerTokenAuthenticationFilter implements Filter {
    private static final String BEARER = "Bearer ";

    private final byte[] serviceToken;
    private final byte[] analystToken;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public BearerTokenAuthenticationFilter(String serviceToken, String analystToken) {
        this.serviceToken = bytes(serviceToken);
        this.analystToken = bytes(analystToken);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        String header = ((HttpServletRequest) req).getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String role = roleOf(bytes(header.substring(BEARER.length()).trim()));
            if (role != null) {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(role.toLowerCase(java.util.Locale.ROOT),
                        null, AuthorityUtils.createAuthorityList("ROLE_" + role)));
                contexts.setContext(context);
            }
        }
        chain.doFilter(req, res);
    }

    private String roleOf(byte[] presented) {
        // Both compared every time: the answer's timing does not tell which token a guess was close to.
        boolean analyst = matches(presented, analystToken);
        boolean service = matches(presented, serviceToken);
        return analyst ? Roles.ANALYST : service ? Roles.SERVICE : null;
    }

    private static boolean matches(byte[] presented, byte[] expected) {
        return expected.length > 0 & MessageDigest.isEqual(presented, expected);
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
