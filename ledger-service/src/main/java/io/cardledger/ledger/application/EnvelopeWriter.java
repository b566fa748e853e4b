package io.cardledger.ledger.application;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.json.IsoTimes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes a {@link LedgerEventEnvelope} as exactly the JSON the contracts' ObjectMapper writes for
 * it (field order, ISO-8601 timestamp), field by field, with the payload's stored UTF-8 bytes
 * copied in as they are. Through the bean serializer the payload went bytes → String → bytes and
 * the timestamp through {@code DateTimeFormatter}: ~30 % of the outbox thread.
 * {@code EnvelopeWriterTest} compares the two byte for byte.
 */
final class EnvelopeWriter {
    private static final SerializableString EVENT_ID = new SerializedString("eventId");
    private static final SerializableString AGGREGATE_TYPE = new SerializedString("aggregateType");
    private static final SerializableString AGGREGATE_ID = new SerializedString("aggregateId");
    private static final SerializableString SEQUENCE = new SerializedString("sequence");
    private static final SerializableString GLOBAL_INDEX = new SerializedString("globalIndex");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString PAYLOAD = new SerializedString("payload");

    private final JsonFactory factory;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);

    /** One per thread: the buffer is reused. */
    EnvelopeWriter(JsonFactory factory) {
        this.factory = factory;
    }

    /** The envelope of {@code payloadJson}, a complete JSON value in UTF-8, embedded verbatim. */
    byte[] write(String eventId, String aggregateType, String aggregateId, long sequence, long globalIndex,
                 String type, Instant timestamp, byte[] payloadJson) {
        buffer.reset();
        try (JsonGenerator gen = factory.createGenerator(buffer, JsonEncoding.UTF8)) {
            gen.writeStartObject();
            gen.writeFieldName(EVENT_ID);
            gen.writeString(eventId);
            gen.writeFieldName(AGGREGATE_TYPE);
            gen.writeString(aggregateType);
            gen.writeFieldName(AGGREGATE_ID);
            gen.writeString(aggregateId);
            gen.writeFieldName(SEQUENCE);
            gen.writeNumber(sequence);
            gen.writeFieldName(GLOBAL_INDEX);
            gen.writeNumber(globalIndex);
            gen.writeFieldName(TYPE);
            gen.writeString(type);
            gen.writeFieldName(TIMESTAMP);
            if (timestamp == null) {
                gen.writeNull();
            } else {
                gen.writeString(IsoTimes.instant(timestamp));
            }
            gen.writeFieldName(PAYLOAD);
            gen.writeRawValue(new Utf8Json(payloadJson));
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return buffer.toByteArray();
    }
}
