package io.cardledger.ledger.support;

import io.cardledger.testing.SharedInfra;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One Spring context, over real HTTP, for the tests that extend it (same configuration: Spring caches it). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class LedgerHttpITBase {
    protected static final String SERVICE_TOKEN = "test-token";
    protected static final String ANALYST_TOKEN = "test-analyst-token";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        SharedInfra.get().springProperties("ledger").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("cardledger.security.service-token", () -> SERVICE_TOKEN);
        registry.add("cardledger.security.analyst-token", () -> ANALYST_TOKEN);
    }
}
