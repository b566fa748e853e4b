package io.cardledger.ledger.application;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.cardledger.events.notification.RawNotification;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Every card event embeds the {@link RawNotification} it applied, and the consumer has just read
 * that notification from Kafka as JSON. While the consumer's thread applies a poll, the record's
 * bytes are remembered for the very instance parsed from them, and serializing that instance
 * (the event store's append, at commit, on the same thread) copies them instead of writing the
 * typed view and the body tree field by field again. Any other instance, thread or moment —
 * snapshots, the HTTP API, a record that was more than one JSON value — is serialized as usual.
 * The stored JSON is the same either way: webhook-ingest writes exactly what this ObjectMapper
 * writes ({@code RawNotificationWriterTest}).
 */
public final class VerbatimRawNotifications {
    private static final ThreadLocal<Map<RawNotification, byte[]>> SOURCES = ThreadLocal.withInitial(IdentityHashMap::new);

    private VerbatimRawNotifications() {
    }

    /** Remembers {@code json} as the serialized form of {@code raw} on this thread until {@link #forget()}. */
    static void remember(RawNotification raw, byte[] json) {
        SOURCES.get().put(raw, json);
    }

    static void forget() {
        SOURCES.get().clear();
    }

    static byte[] sourceOf(RawNotification raw) {
        Map<RawNotification, byte[]> sources = SOURCES.get();
        return sources.isEmpty() ? null : sources.get(raw);
    }

    /** The Jackson module: wraps the standard serializer of {@link RawNotification}. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("card-ledger-verbatim-raw-notifications");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                return description.getBeanClass() == RawNotification.class
                        ? new Verbatim((JsonSerializer<RawNotification>) serializer) : serializer;
            }
        });
        return module;
    }

    private static final class Verbatim extends StdSerializer<RawNotification> implements ResolvableSerializer, ContextualSerializer {
        private final JsonSerializer<RawNotification> standard;

        Verbatim(JsonSerializer<RawNotification> standard) {
            super(RawNotification.class);
            this.standard = standard;
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (standard instanceof ResolvableSerializer resolvable) {
                resolvable.resolve(provider);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
            if (standard instanceof ContextualSerializer contextual) {
                JsonSerializer<?> specific = contextual.createContextual(provider, property);
                if (specific != standard) {
                    return new Verbatim((JsonSerializer<RawNotification>) specific);
                }
            }
            return this;
        }

        @Override
        public void serialize(RawNotification raw, JsonGenerator gen, SerializerProvider provider) throws IOException {
            byte[] source = sourceOf(raw);
            if (source != null) {
                gen.writeRawValue(new Utf8Json(source));
            } else {
                standard.serialize(raw, gen, provider);
            }
        }
    }
}
