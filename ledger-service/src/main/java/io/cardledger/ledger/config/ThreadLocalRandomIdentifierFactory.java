package io.cardledger.ledger.config;

import org.axonframework.common.IdentifierFactory;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Axon's message identifiers (commands, events, results: six to eight per notification) as random
 * version-4 UUIDs drawn from {@link ThreadLocalRandom} instead of {@link UUID#randomUUID()}'s
 * {@code SecureRandom}, which on Linux takes a lock, a SHA-1 round and, every couple of UUIDs, a read of
 * {@code /dev/urandom}. Found by ServiceLoader ({@code META-INF/services/org.axonframework.common.IdentifierFactory}).
 *
 * <p>These ids need to be unique, not unguessable: no query reads by them (Flyway V2), they protect
 * nothing, and the ledger's consistency key is (aggregate, sequence). Uniqueness: 122 random bits per id,
 * each thread drawing from its own 64-bit generator, mixed with a per-process salt from
 * {@code SecureRandom} so that two processes started at the same instant do not repeat each other.
 */
public final class ThreadLocalRandomIdentifierFactory extends IdentifierFactory {
    private static final long SALT = new SecureRandom().nextLong();

    @Override
    public String generateIdentifier() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() ^ SALT) & 0xFFFFFFFFFFFF0FFFL | 0x0000000000004000L; // version 4
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;           // IETF variant
        return new UUID(high, low).toString();
    }
}
