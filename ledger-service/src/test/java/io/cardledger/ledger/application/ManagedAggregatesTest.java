package io.cardledger.ledger.application;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagedAggregatesTest {

    @Test
    void containsValueFollowsPutsReplacementsAndRemovals() {
        Map<String, Object> map = new ManagedAggregates.Aggregates<>();
        Object card = new Object();
        Object wallet = new Object();
        Object reloaded = new Object();

        assertThat(map.computeIfAbsent("card:1", k -> card)).isSameAs(card);
        assertThat(map.computeIfAbsent("card:1", k -> reloaded)).isSameAs(card);
        assertThat(map.putIfAbsent("wallet:1", wallet)).isNull();
        assertThat(map.putIfAbsent("wallet:1", reloaded)).isSameAs(wallet);
        assertThat(map.containsValue(card)).isTrue();
        assertThat(map.containsValue(wallet)).isTrue();
        assertThat(map.containsValue(reloaded)).isFalse();
        assertThat(map).hasSize(2);

        map.put("card:1", reloaded);
        assertThat(map.containsValue(card)).isFalse();
        assertThat(map.containsValue(reloaded)).isTrue();

        map.put("card:2", reloaded); // one value under two keys: still held after one of them goes
        map.remove("card:1");
        assertThat(map.containsValue(reloaded)).isTrue();
        map.remove("card:2");
        assertThat(map.containsValue(reloaded)).isFalse();

        assertThat(map.computeIfAbsent("card:3", k -> null)).isNull();
        assertThat(map.containsKey("card:3")).isFalse();
        map.clear();
        assertThat(map.containsValue(wallet)).isFalse();
        assertThat(map).isEmpty();
    }

    @Test
    void equalButDistinctValuesAreDistinct() {
        Map<String, String> map = new ManagedAggregates.Aggregates<>();
        map.put("a", new String("same"));
        assertThat(map.containsValue(new String("same"))).isFalse();
    }

    @Test
    void itsViewsAreReadOnly() {
        Map<String, Object> map = new ManagedAggregates.Aggregates<>();
        Object value = new Object();
        map.put("a", value);
        assertThatThrownBy(() -> map.values().remove(value)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(map.containsValue(value)).isTrue();
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(new Object())).isInstanceOf(UnsupportedOperationException.class);
    }
}
