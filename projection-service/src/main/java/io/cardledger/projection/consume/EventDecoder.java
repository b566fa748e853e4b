package io.cardledger.projection.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.LedgerEventTypes;

import java.io.IOException;
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
