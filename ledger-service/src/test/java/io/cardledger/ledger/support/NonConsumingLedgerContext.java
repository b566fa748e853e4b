package io.cardledger.ledger.support;

import io.cardledger.testing.SharedInfra;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A ledger-service context on the shared broker and database that does not consume the raw topic and
 * snapshots every 5 events. The tests that extend it share one application context (Spring caches
 * it by these settings), so each new one costs no extra start-up.
 */
@SpringBootTest
public abstract class NonConsumingLedgerContext {
    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        SharedInfra.get().springProperties("ledger").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("cardledger.ledger.snapshot-threshold", () -> "5");
        registry.add("cardledger.ledger.consume", () -> "false");
    }
}
