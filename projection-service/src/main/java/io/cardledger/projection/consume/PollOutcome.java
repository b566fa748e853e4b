package io.cardledger.projection.consume;

import java.util.List;

/**
 * What one poll did, reported to metrics and logs only after its transaction committed: a
 * rolled-back poll is retried and must not be counted twice.
 */
record PollOutcome(List<AppliedEvent> applied, List<Gap> gaps, List<Skipped> skipped, int duplicates) {

    record Gap(String aggregateId, String aggregateType, long expectedSequence, long receivedSequence, String eventId) {
    }

    /** @param reason {@code unknown_type} or {@code unreadable}: a low-cardinality metric tag */
    record Skipped(Decoded.KafkaCoordinates at, String reason, String eventId, String aggregateId, Long sequence,
                   String eventType, String detail) {
    }
}
