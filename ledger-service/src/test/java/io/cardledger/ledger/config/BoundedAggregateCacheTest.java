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
}
