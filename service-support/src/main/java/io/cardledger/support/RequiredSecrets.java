package io.cardledger.support;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Start-up check: outside the {@code local} profile, a service with an unset secret refuses to
 * start (instead of starting and refusing every call). The message names the property and the
 * environment variable, never a value.
 */
public final class RequiredSecrets {
    private RequiredSecrets() {
    }

    /** @param secrets property name (for the message, with its environment variable) to configured value */
    public static void check(Environment environment, Map<String, String> secrets) {
        if (environment.acceptsProfiles(Profiles.of("local"))) {
            return;
        }
        List<String> missing = new ArrayList<>();
        secrets.forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                missing.add(name);
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Refusing to start: required secret(s) not set: " + String.join(", ", missing)
                    + ". Set them in the environment (or run with the 'local' profile and config/local/ for development).");
        }
    }
}
