package io.cardledger.projection.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;

/** An applier that keeps the records it is handed instead of applying them (for tests of what calls it). */
public class CapturingApplier extends ProjectionApplier {
    public final List<ConsumerRecord<String, byte[]>> applied = new ArrayList<>();

    public CapturingApplier() {
        super(null, List.of(), List.of());
    }

    @Override
    public PollOutcome apply(List<ConsumerRecord<String, byte[]>> records) {
        applied.addAll(records);
        return new PollOutcome(List.of(), List.of(), List.of(), 0);
    }
}
