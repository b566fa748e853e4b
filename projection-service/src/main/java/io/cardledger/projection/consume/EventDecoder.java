package io.cardledger.projection.consume;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.LedgerEventTypes;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads ledger envelopes and their payloads. Never throws for bad input: a record that cannot be
 * read must not stop the partition behind it, so it comes back as {@link Decoded.Unreadable}
 * and is recorded instead.
 */
final class EventDecoder {
    private final ObjectMapper json;

    EventDecoder(ObjectMapper json) {
        this.json = json;
    }

    Decoded decode(Decoded.KafkaCoordinates at, byte[] value) {
        Decoded fast = decodeInOnePass(at, value);
        return fast != null ? fast : decodeCarefully(at, value);
    }

    /**
     * The common case in one pass over the bytes, binding the payload straight to its record: the
     * ledger writes {@code type} before {@code payload}. Anything unusual (payload first, an unknown
     * type, a value of an unexpected kind, a payload that does not bind) returns null and is decoded
     * {@link #decodeCarefully carefully}, which also says what was wrong. The envelope's payload is
     * left null: the bound record is what the read models use.
     */
    private Decoded decodeInOnePass(Decoded.KafkaCoordinates at, byte[] value) {
        try (JsonParser p = json.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String eventId = null;
            String aggregateType = null;
            String aggregateId = null;
            String type = null;
            long sequence = 0;
            long globalIndex = 0;
            Instant timestamp = null;
            Object event = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "eventId" -> eventId = text(p, v);
                    case "aggregateType" -> aggregateType = text(p, v);
                    case "aggregateId" -> aggregateId = text(p, v);
                    case "type" -> type = text(p, v);
                    case "sequence" -> sequence = integer(p, v);
                    case "globalIndex" -> globalIndex = integer(p, v);
                    case "timestamp" -> timestamp = v == JsonToken.VALUE_NULL ? null : json.readValue(p, Instant.class);
                    case "payload" -> {
                        Optional<Class<?>> known = type == null ? Optional.empty() : LedgerEventTypes.byName(type);
                        if (known.isEmpty() || v != JsonToken.START_OBJECT) {
                            return null;
                        }
                        event = json.readValue(p, known.get());
                    }
                    default -> p.skipChildren();
                }
            }
            if (event == null || aggregateId == null || aggregateId.isBlank()) {
                return null;
            }
            return new Decoded.Readable(at, new LedgerEventEnvelope(eventId, aggregateType, aggregateId, sequence, globalIndex, type,
                    timestamp, null), event);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not a string");
        }
        return p.getText();
    }

    private static long integer(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("not an integer");
        }
        return p.getLongValue();
    }

    Decoded decodeCarefully(Decoded.KafkaCoordinates at, byte[] value) {
        LedgerEventEnvelope envelope;
        try {
            envelope = json.readValue(value, LedgerEventEnvelope.class);
        } catch (IOException | RuntimeException e) {
            return new Decoded.Unreadable(at, null, "unreadable envelope: " + abbreviate(e.getMessage()));
        }
        if (envelope == null || envelope.aggregateId() == null || envelope.aggregateId().isBlank()) {
            return new Decoded.Unreadable(at, null, "envelope without aggregateId");
        }
        Optional<Class<?>> type = LedgerEventTypes.byName(envelope.type());
        if (type.isEmpty()) {
            return new Decoded.UnknownType(at, envelope);
        }
        try {
            Object event = json.treeToValue(envelope.payload(), type.get());
            if (event == null) {
                return new Decoded.Unreadable(at, envelope, "empty payload");
            }
            return new Decoded.Readable(at, envelope, event);
        } catch (IOException | RuntimeException e) {
            return new Decoded.Unreadable(at, envelope, "unreadable " + envelope.type() + ": " + abbreviate(e.getMessage()));
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
