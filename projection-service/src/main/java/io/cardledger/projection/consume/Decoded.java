package io.cardledger.projection.consume;

import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.trace.TraceParent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** One Kafka record of the ledger topic, read as far as it could be. */
sealed interface Decoded {
    KafkaCoordinates at();

    /**
     * Where the record is in the log, and the W3C trace id of its {@code traceparent} header (null when it has
     * none or an invalid one: docs/adr/0012-trace-context.md).
     */
    record KafkaCoordinates(String topic, int partition, long offset, String traceId) {
        KafkaCoordinates(String topic, int partition, long offset) {
            this(topic, partition, offset, null);
        }

        static KafkaCoordinates of(ConsumerRecord<?, ?> record) {
            Header traceparent = record.headers().lastHeader(TraceParent.HEADER);
            return new KafkaCoordinates(record.topic(), record.partition(), record.offset(),
                    traceparent == null ? null : TraceParent.traceId(TraceParent.fromHeader(traceparent.value())));
        }
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
