package io.cardledger.support.parking;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoisonSplitterTest {
    private final PoisonSplitter splitter = new PoisonSplitter(new FailureKinds());
    private final List<Integer> applied = new ArrayList<>();
    private final List<Integer> parked = new ArrayList<>();
    private final List<Integer> unitSizes = new ArrayList<>();

    /** A unit of work that fails as a whole (nothing applied) if it holds a poison item. */
    private void unit(List<Integer> items, Set<Integer> poison) {
        unitSizes.add(items.size());
        for (Integer i : items) {
            if (poison.contains(i)) {
                throw new IllegalArgumentException("item " + i + " is poison");
            }
        }
        applied.addAll(items);
    }

    @Test
    void aHealthyPollIsOneUnit() {
        List<Integer> items = IntStream.range(0, 500).boxed().toList();

        splitter.apply(items, batch -> unit(batch, Set.of()), (item, e) -> parked.add(item));

        assertThat(unitSizes).containsExactly(500);
        assertThat(applied).isEqualTo(items);
        assertThat(parked).isEmpty();
    }

    @Test
    void poisonItemsAreParkedAndTheRestAppliedInOrder() {
        List<Integer> items = IntStream.range(0, 500).boxed().toList();

        splitter.apply(items, batch -> unit(batch, Set.of(7, 8, 311)), (item, e) -> parked.add(item));

        assertThat(parked).containsExactly(7, 8, 311);
        assertThat(applied).isEqualTo(items.stream().filter(i -> i != 7 && i != 8 && i != 311).toList());
        assertThat(unitSizes.size()).isLessThan(70);
    }

    @Test
    void aTransientFailureIsThrownAndParksNothing() {
        List<Integer> items = List.of(1, 2, 3, 4);

        assertThatThrownBy(() -> splitter.apply(items, batch -> {
            if (batch.contains(3)) {
                throw new IllegalStateException("commit", new SQLException("deadlock detected", "40P01"));
            }
            applied.addAll(batch);
        }, (item, e) -> parked.add(item))).hasRootCauseInstanceOf(SQLException.class);

        assertThat(parked).isEmpty();
    }

    @Test
    void aRecordThatFailsOnlyOnceIsNotParked() {
        int[] failures = {0};
        splitter.apply(List.of(1), batch -> {
            if (failures[0]++ == 0) {
                throw new IllegalArgumentException("flaky");
            }
            applied.addAll(batch);
        }, (item, e) -> parked.add(item));

        assertThat(applied).containsExactly(1);
        assertThat(parked).isEmpty();
    }
}
