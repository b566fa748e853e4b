package io.cardledger.projection.consume;

import io.cardledger.events.LedgerEventEnvelope;

/** One Kafka record of the ledger topic, read as far as it could be. */
sealed interface Decoded {
    KafkaCoordinates at();

    record KafkaCoordinates(String topic, int partition, long offset) {
    }

    /** A known event type with a payload that deserialized. */
    record Readable(KafkaCoordinates at, LedgerEventEnvelope envelope, Object event) implements Decoded {
    }

    /** An envelope whose type this version does not know, e.g. from a newer ledger. */
    record UnknownType(KafkaCoordinates at, LedgerEventEnvelope envelope) implements Decoded {
    }

    /**
     * A record we cannot read. {@code envelope} is null when not even the envelope was readable,
     * in which case there is no aggregate position to advance either.
     */
    record Unreadable(KafkaCoordinates at, LedgerEventEnvelope envelope, String detail) implements Decoded {
    }
}
