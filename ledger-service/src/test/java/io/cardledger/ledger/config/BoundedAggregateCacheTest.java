package io.cardledger.ledger.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedAggregateCacheTest {
    @Test
    void keepsTheMostRecentlyUsedEntriesUpToItsCapacity() {
        BoundedAggregateCache cache = new BoundedAggregateCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat((Integer) cache.get("a")).isEqualTo(1);

        cache.put("c", 3);

        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).as("least recently used is evicted").isFalse();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void putIfAbsentAndRemoveBehaveLikeAMap() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat((Integer) cache.get("a")).isEqualTo(1);
        assertThat(cache.remove("a")).isTrue();
        assertThat((Object) cache.get("a")).isNull();
    }

    @Test
    void evictsTheLeastRecentlyUsedEntriesWhileTheirEstimatedBytesExceedTheBudget() {
        BoundedAggregateCache cache = new BoundedAggregateCache(100, 1_000, value -> (Integer) value);
        cache.put("a", 400);
        cache.put("b", 400);
        assertThat((Integer) cache.get("a")).isEqualTo(400); // b is now the least recently used
        assertThat(cache.estimatedBytes()).isEqualTo(800);

        cache.put("c", 300);

        assertThat(cache.containsKey("b")).as("least recently used, evicted for memory").isFalse();
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.estimatedBytes()).isEqualTo(700);
        assertThat(cache.evictedForMemory()).isEqualTo(1);
        assertThat(cache.evictedForCapacity()).isZero();
    }

    @Test
    void anEntryPutAgainIsWeighedAgainAndAGrownEntryPushesOthersOut() {
        BoundedAggregateCache cache = new BoundedAggregateCache(100, 1_000, value -> (Integer) value);
        cache.put("a", 300);
        cache.put("b", 300);
        cache.put("a", 350); // the aggregate grew during a unit of work
        assertThat(cache.estimatedBytes()).isEqualTo(650);

        cache.put("b", 900);

        assertThat(cache.containsKey("a")).isFalse();
        assertThat(cache.estimatedBytes()).isEqualTo(900);
    }

    @Test
    void keepsTheEntryJustPutEvenWhenItAloneExceedsTheBudget() {
        BoundedAggregateCache cache = new BoundedAggregateCache(100, 1_000, value -> (Integer) value);
        cache.put("a", 100);

        cache.put("huge", 5_000);

        assertThat(cache.containsKey("huge")).isTrue();
        assertThat(cache.containsKey("a")).isFalse();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.estimatedBytes()).isEqualTo(5_000);
    }

    @Test
    void removedAndCountEvictedEntriesNoLongerCount() {
        BoundedAggregateCache cache = new BoundedAggregateCache(2, 1_000, value -> (Integer) value);
        cache.put("a", 100);
        cache.put("b", 200);
        cache.put("c", 300); // over the count: a goes

        assertThat(cache.containsKey("a")).isFalse();
        assertThat(cache.estimatedBytes()).isEqualTo(500);
        assertThat(cache.evictedForCapacity()).isEqualTo(1);

        cache.remove("b");
        assertThat(cache.estimatedBytes()).isEqualTo(300);
        cache.removeAll();
        assertThat(cache.estimatedBytes()).isZero();
    }
}
