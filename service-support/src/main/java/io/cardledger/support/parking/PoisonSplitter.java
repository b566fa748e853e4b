package io.cardledger.support.parking;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * Applies a poll as one unit and, only when that fails deterministically, finds the records that
 * fail on their own by splitting it in halves (each half one unit again, in order), parks them
 * and applies the rest. A healthy poll costs exactly what it did before: one unit of work.
 *
 * <p>A transient failure, at any depth, is thrown to the container, which retries the whole poll
 * with back-off for as long as it takes; the halves already committed before it are then no-ops
 * (both consumers are idempotent by position or notification id). A record that fails alone is
 * tried once more before it is parked, so a failure misjudged as deterministic needs to happen
 * twice in a row to park anything.
 */
public final class PoisonSplitter {
    private static final Logger log = LoggerFactory.getLogger(PoisonSplitter.class);

    /** Parks one record that failed on its own. */
    public interface Parking<T> {
        void park(T item, RuntimeException failure);
    }

    private final FailureKinds kinds;

    public PoisonSplitter(FailureKinds kinds) {
        this.kinds = kinds;
    }

    public <T> void apply(List<T> items, Consumer<List<T>> unit, Parking<T> parking) {
        apply(items, unit, parking, 0);
    }

    private <T> void apply(List<T> items, Consumer<List<T>> unit, Parking<T> parking, int depth) {
        if (items.isEmpty()) {
            return;
        }
        try {
            unit.accept(items);
        } catch (RuntimeException failure) {
            if (kinds.isTransient(failure)) {
                throw failure;
            }
            if (items.size() == 1) {
                applyAlone(items, unit, parking, failure);
                return;
            }
            if (depth == 0) {
                log.warn("A poll of {} records failed, not for a transient reason ({}); splitting it to find the record",
                        items.size(), failure.toString());
            }
            int half = items.size() / 2;
            apply(items.subList(0, half), unit, parking, depth + 1);
            apply(items.subList(half, items.size()), unit, parking, depth + 1);
        }
    }

    private <T> void applyAlone(List<T> one, Consumer<List<T>> unit, Parking<T> parking, RuntimeException first) {
        try {
            unit.accept(one);
        } catch (RuntimeException again) {
            if (kinds.isTransient(again)) {
                throw again;
            }
            parking.park(one.get(0), again);
        }
    }
}
