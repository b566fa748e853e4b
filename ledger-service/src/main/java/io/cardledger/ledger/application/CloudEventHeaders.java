package io.cardledger.ledger.application;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

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
 */
final class CloudEventHeaders {
    static final String TYPE_PREFIX = "io.cardledger.ledger.";
    static final String SOURCE = "/card-ledger/ledger-service";
    private static final Header SPEC_VERSION = constant("ce_specversion", "1.0");
    private static final Header SOURCE_HEADER = constant("ce_source", SOURCE);
    private static final Header CONTENT_TYPE = constant("content-type", "application/json");
    private static final ClassValue<Header> TYPES = new ClassValue<>() {
        @Override
        protected Header computeValue(Class<?> type) {
            return constant("ce_type", TYPE_PREFIX + type.getSimpleName());
        }
    };

    private CloudEventHeaders() {
    }

    static RecordHeaders of(String aggregateId, long sequence, Class<?> payloadType, Instant storedAt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", utf8(aggregateId + '/' + sequence));
        headers.add(TYPES.get(payloadType));
        headers.add(SOURCE_HEADER);
        headers.add("ce_subject", utf8(aggregateId));
        headers.add("ce_time", utf8(storedAt.toString()));
        headers.add(SPEC_VERSION);
        headers.add(CONTENT_TYPE);
        return headers;
    }

    private static Header constant(String key, String value) {
        return new RecordHeader(key, utf8(value));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
