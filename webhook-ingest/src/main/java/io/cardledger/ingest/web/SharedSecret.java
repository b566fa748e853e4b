package io.cardledger.ingest.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A configured webhook secret, compared in constant time so response timing does not reveal how
 * much of a guess was right. An empty configured secret matches nothing: a deployment that forgot
 * to set it refuses every webhook instead of accepting anyone's.
 */
public final class SharedSecret {
    private final byte[] expected;

    public SharedSecret(String configured) {
        this.expected = configured == null ? new byte[0] : configured.getBytes(StandardCharsets.UTF_8);
    }

    public boolean matches(String presented) {
        if (expected.length == 0 || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    public boolean configured() {
        return expected.length > 0;
    }

    @Override
    public String toString() {
        return configured() ? "SharedSecret[<set>]" : "SharedSecret[<unset>]";
    }
}
