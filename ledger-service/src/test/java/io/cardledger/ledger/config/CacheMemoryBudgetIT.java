package io.cardledger.ledger.config;

import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.support.NonConsumingLedgerContext;
import io.cardledger.ledger.support.Notifications;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The card cache is bounded by its aggregates' estimated heap, not by their count alone: with a budget smaller than
 * one card, every card is evicted as soon as another is put, and the ledger stays exact, loading each card again
 * from its snapshot and the events after it.
 */
class CacheMemoryBudgetIT extends NonConsumingLedgerContext {
    @DynamicPropertySource
    static void tinyCardBudget(DynamicPropertyRegistry registry) {
        // a few bytes of the heap: less than any card weighs
        registry.add("cardledger.ledger.cache.cards-heap-share", () -> "0.000000001");
    }

    @Autowired
    LedgerOperations ledger;
    @Autowired
    @Qualifier("cardCache")
    Cache cardCache;
    @Autowired
    MeterRegistry meters;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void cardsOverTheHeapBudgetAreEvictedAndTheBalancesStayExact() {
        BoundedAggregateCache cards = (BoundedAggregateCache) cardCache;
        String walletId = "w-" + suffix;
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        ledger.payIn("pi-" + suffix, walletId, 1_000_000, "USD", "top-up");
        List<String> cardIds = List.of("c1-" + suffix, "c2-" + suffix, "c3-" + suffix);
        for (String cardId : cardIds) {
            ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        }
        long evictedBefore = cards.evictedForMemory();

        // when three cards take turns, in batches that touch all of them and across batches (snapshots every 5 events)
        long expectedSpent = 0;
        for (int round = 0; round < 6; round++) {
            List<RawNotification> batch = new ArrayList<>();
            for (int i = 0; i < cardIds.size(); i++) {
                String c11 = String.format("%09d", round * 10 + i);
                long amount = 100L * (round + 1) + i;
                batch.add(Notifications.of("PeticionAutorizacion", cardIds.get(i)).amount(amount).c11(c11).raw());
                batch.add(Notifications.of("TransaccionConfirmada", cardIds.get(i)).amount(amount).c11(c11).raw());
                expectedSpent += amount;
            }
            ledger.recordNotifications(batch);
            // a redelivery of the whole batch, to cards loaded again from the store, moves nothing
            ledger.recordNotifications(batch);

            // then only the card put last stays, and it is weighed by its history (two facts per round, ~110 bytes each)
            assertThat(cards.size()).isEqualTo(1);
            assertThat(cards.estimatedBytes()).isGreaterThanOrEqualTo(110L * 2 * (round + 1));
        }

        assertThat(cards.evictedForMemory() - evictedBefore).isGreaterThanOrEqualTo(6 * 2 * 2);
        assertThat(ledger.wallet(walletId).availableMinor()).isEqualTo(1_000_000 - expectedSpent);
        assertThat(ledger.wallet(walletId).withheldMinor()).isZero();
        assertThat(meters.get("cardledger.ledger.cache.estimated").tag("cache", "cards").gauge().value())
                .isEqualTo((double) cards.estimatedBytes());
        assertThat(meters.get("cardledger.ledger.cache.evictions").tag("cache", "cards").tag("reason", "memory")
                .functionCounter().count()).isEqualTo((double) cards.evictedForMemory());
    }
}
