package io.cardledger.ingest.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Configured webhook secrets (the current one, and during a rotation the previous one too), compared
 * in constant time so response timing does not reveal how much of a guess was right. Empty values
 * match nothing: a deployment that forgot to set one refuses instead of accepting anyone's (and
 * outside the local profile does not start at all).
 */
public final class SharedSecret {
    private final List<byte[]> accepted = new ArrayList<>();

    public SharedSecret(String... configured) {
        if (configured != null) {
            for (String value : configured) {
                if (value != null && !value.isEmpty()) {
                    accepted.add(value.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] expected : accepted) {
            // Every configured secret is compared: no early exit that timing could reveal.
            match |= MessageDigest.isEqual(expected, bytes);
        }
        return match;
    }

    public boolean configured() {
        return !accepted.isEmpty();
    }

    @Override
    public String toString() {
        return configured() ? "SharedSecret[<set>]" : "SharedSecret[<unset>]";
    }
}
