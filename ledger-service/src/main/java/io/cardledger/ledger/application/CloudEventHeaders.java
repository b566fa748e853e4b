package io.cardledger.ledger.application;

import io.cardledger.events.trace.TraceParent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * CloudEvents 1.0 attributes of a ledger event, as the Kafka protocol binding's binary mode carries
 * them: {@code ce_*} headers beside the record's value (the {@code LedgerEventEnvelope}, whose JSON is
 * the event's data). Consumers that speak CloudEvents route and deduplicate on the headers without
 * parsing the value.
 * <ul>
 *   <li>{@code ce_id} — {@code <aggregateId>/<sequence>}: the key consumers deduplicate on (a
 *       redelivered event has the same one);</li>
 *   <li>{@code ce_type} — {@code io.cardledger.ledger.<EventType>} (the envelope's {@code type});</li>
 *   <li>{@code ce_source} — {@code /card-ledger/ledger-service};</li>
 *   <li>{@code ce_subject} — the aggregate ({@code card:<cardId>} or {@code wallet:<walletId>}, the record's key);</li>
 *   <li>{@code ce_time} — when the event was stored (RFC 3339);</li>
 *   <li>{@code ce_specversion} — {@code 1.0}; {@code content-type} — {@code application/json}.</li>
 * </ul>
 * Built on the outbox's hot path: the constant ones are shared, the type is encoded once per event
 * class, and the rest are a few short strings per event.
 *
 * <p>W3C Trace Context: {@code traceparent} — when the event was stored with one (the {@code traceparent}
 * metadata of the command that applied it, from the Kafka record that caused it), the same trace id and
 * flags with a parent id of this hop's own, derived from {@code ce_id}: a redelivered event repeats its
 * header exactly. Events without one (stored before trace context, or by an HTTP call) get no header.
 * The metadata is read from its stored JSON, never deserialized (docs/adr/0012-trace-context.md).
 */
final class CloudEventHeaders {
    static final String TYPE_PREFIX = "io.cardledger.ledger.";
    static final String SOURCE = "/card-ledger/ledger-service";
    private static final Header SPEC_VERSION = constant("ce_specversion", "1.0");
    private static final Header SOURCE_HEADER = constant("ce_source", SOURCE);
    private static final Header CONTENT_TYPE = constant("content-type", "application/json");
    private static final byte[] TRACEPARENT_FIELD = ("\"" + TraceParent.HEADER + "\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final ClassValue<Header> TYPES = new ClassValue<>() {
        @Override
        protected Header computeValue(Class<?> type) {
            return constant("ce_type", TYPE_PREFIX + type.getSimpleName());
        }
    };

    private CloudEventHeaders() {
    }

    /** @param traceparent the event's stored, valid {@code traceparent} (from {@link #storedTraceparent}), null for none */
    static RecordHeaders of(String aggregateId, long sequence, Class<?> payloadType, Instant storedAt, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        String id = aggregateId + '/' + sequence;
        headers.add("ce_id", utf8(id));
        headers.add(TYPES.get(payloadType));
        headers.add(SOURCE_HEADER);
        headers.add("ce_subject", utf8(aggregateId));
        headers.add("ce_time", utf8(storedAt.toString()));
        headers.add(SPEC_VERSION);
        headers.add(CONTENT_TYPE);
        // storedTraceparent returns only valid values
        String child = traceparent == null ? null : TraceParent.childOfValid(traceparent, id);
        if (child != null) {
            headers.add(TraceParent.HEADER, child.getBytes(StandardCharsets.ISO_8859_1));
        }
        return headers;
    }

    /**
     * The {@code traceparent} in the event's metadata as stored (Jackson's JSON of Axon's MetaData, read
     * from the event store without deserializing it), or null when it has none or an invalid one.
     */
    static String storedTraceparent(EventMessage<?> event, Serializer serializer) {
        return traceparentIn(event.serializeMetaData(serializer, byte[].class).getData());
    }

    static String traceparentIn(byte[] metaDataJson) {
        if (metaDataJson == null) {
            return null;
        }
        int last = metaDataJson.length - TRACEPARENT_FIELD.length - TraceParent.LENGTH;
        outer:
        for (int at = 0; at <= last; at++) {
            for (int i = 0; i < TRACEPARENT_FIELD.length; i++) {
                if (metaDataJson[at + i] != TRACEPARENT_FIELD[i]) {
                    continue outer;
                }
            }
            int value = at + TRACEPARENT_FIELD.length;
            return TraceParent.isValid(metaDataJson, value)
                    ? new String(metaDataJson, value, TraceParent.LENGTH, StandardCharsets.ISO_8859_1) : null;
        }
        return null;
    }

    private static Header constant(String key, String value) {
        return new RecordHeader(key, utf8(value));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
