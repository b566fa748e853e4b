package io.cardledger.projection.consume;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides, per aggregate, whether an event's sequence is a redelivery, the next one, or one past
 * a gap. Starts from the positions stored in {@code projection_position} and remembers what this
 * poll advanced, so several events of one aggregate in the same poll are judged in order.
 */
final class PositionTracker {
    /** Sequence of nothing applied: the first event of an aggregate is sequence 0. */
    static final long NONE = -1;

    enum Verdict { APPLY, DUPLICATE, GAP }

    /** @param expectedSequence the sequence that should have come; below the received one for a gap */
    record Decision(Verdict verdict, long expectedSequence) {
    }

    private final Map<String, Long> stored;
    private final Map<String, Long> advanced = new LinkedHashMap<>();
    private final Map<String, String> types = new HashMap<>();

    /**
     * @param stored last applied sequence per aggregate; read, never changed (a rebuild passes its
     *               running map and folds {@link #advanced()} into it after each chunk)
     */
    PositionTracker(Map<String, Long> stored) {
        this.stored = stored;
    }

    Decision next(String aggregateId, String aggregateType, long sequence) {
        long last = advanced.getOrDefault(aggregateId, stored.getOrDefault(aggregateId, NONE));
        if (sequence <= last) {
            return new Decision(Verdict.DUPLICATE, last + 1);
        }
        advanced.put(aggregateId, sequence);
        types.putIfAbsent(aggregateId, aggregateType);
        return new Decision(sequence == last + 1 ? Verdict.APPLY : Verdict.GAP, last + 1);
    }

    /** Aggregates seen for the first time in this poll: their position rows must be inserted. */
    Map<String, Long> created() {
        Map<String, Long> created = new LinkedHashMap<>();
        advanced.forEach((id, seq) -> {
            if (!stored.containsKey(id)) {
                created.put(id, seq);
            }
        });
        return created;
    }

    /** Aggregates that already had a position and moved forward in this poll. */
    Map<String, Long> moved() {
        Map<String, Long> moved = new LinkedHashMap<>();
        advanced.forEach((id, seq) -> {
            if (stored.containsKey(id)) {
                moved.put(id, seq);
            }
        });
        return moved;
    }

    String typeOf(String aggregateId) {
        return types.get(aggregateId);
    }

    /** Every aggregate this tracker moved, with its new last sequence. */
    Map<String, Long> advanced() {
        return advanced;
    }
}
