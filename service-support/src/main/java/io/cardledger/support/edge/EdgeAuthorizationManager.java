package io.cardledger.support.edge;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.function.Supplier;

/** Decides every request with the {@link EdgeRules} table; a request no rule matches is denied. */
public final class EdgeAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {
    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);
    private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);

    private final EdgeRules rules;

    public EdgeAuthorizationManager(EdgeRules rules) {
        this.rules = rules;
    }

    @Override
    @SuppressWarnings("deprecation")
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        DispatcherType dispatch = request.getDispatcherType();
        if (dispatch == DispatcherType.ASYNC || dispatch == DispatcherType.ERROR) {
            // Continuations of a request this manager already decided (async completion, error page).
            return GRANTED;
        }
        Access access = rules.ruleFor(request).map(EdgeRules.Rule::access).orElse(Access.DENY);
        return switch (access) {
            case OPEN, WEBHOOK -> GRANTED;
            case DENY -> DENIED;
            case READ -> decision(authentication.get(), Roles.SERVICE, Roles.ANALYST);
            case SERVICE -> decision(authentication.get(), Roles.SERVICE);
            case ANALYST -> decision(authentication.get(), Roles.ANALYST);
        };
    }

    private static AuthorizationDecision decision(Authentication authentication, String... roles) {
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken || !authentication.isAuthenticated()) {
            return DENIED;
        }
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            for (String role : roles) {
                if (("ROLE_" + role).equals(authority.getAuthority())) {
                    return GRANTED;
                }
            }
        }
        return DENIED;
    }
}
