package io.cardledger.ingest.notification;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.json.IsoTimes;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.notification.RawNotification;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * Writes a {@link RawNotification} as exactly the bytes {@code
 * LedgerEventTypes.configure(new ObjectMapper()).writerFor(RawNotification.class)} writes (field
 * order, nulls, ISO-8601 times, the body as received), but field by field on a JSON generator
 * instead of through bean serialisation: a profile of the ingest path put the bean serialiser
 * and the JDK's date-time formatters at ~15 % of the request threads' CPU. The raw log's format
 * does not change; {@code RawNotificationWriterTest} compares the two writers byte for byte on
 * generated notifications and bodies of every shape.
 */
final class RawNotificationWriter {
    /** The contracts' mapper: its factory and, for the rare non-text leaves of a body, its tree serialisation. */
    private static final ObjectMapper MAPPER = LedgerEventTypes.configure(new ObjectMapper());
    /** The reference the bytes must equal; also the fallback for times outside years 0–9999. */
    static final ObjectWriter BEAN_WRITER = MAPPER.writerFor(RawNotification.class);
    private static final ThreadLocal<ByteArrayOutputStream> BUFFERS = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(2048));

    private static final SerializableString SCHEMA_VERSION = name("schemaVersion");
    private static final SerializableString NOTIFICATION_ID = name("notificationId");
    private static final SerializableString RECEIVED_AT = name("receivedAt");
    private static final SerializableString NOTIFICATION = name("notification");
    private static final SerializableString BODY = name("body");
    private static final SerializableString TYPE = name("type");
    private static final SerializableString CARD_ID = name("cardId");
    private static final SerializableString PROCESSING_CODE = name("processingCode");
    private static final SerializableString AMOUNT_MINOR = name("amountMinor");
    private static final SerializableString TRANSACTION_TIME = name("transactionTime");
    private static final SerializableString CREATED_AT_UTC = name("createdAtUtc");
    private static final SerializableString TRANSACTION_ID = name("transactionId");
    private static final SerializableString MERCHANT_CATEGORY = name("merchantCategory");
    private static final SerializableString ACQUIRER_COUNTRY = name("acquirerCountry");
    private static final SerializableString AUTHORIZATION_CODE = name("authorizationCode");
    private static final SerializableString TERMINAL_ID = name("terminalId");
    private static final SerializableString MERCHANT_ID = name("merchantId");
    private static final SerializableString MERCHANT_NAME = name("merchantName");
    private static final SerializableString CHAIN_ID = name("chainId");
    private static final SerializableString POINT_OF_SERVICE_DATA = name("pointOfServiceData");
    private static final SerializableString POINT_OF_SERVICE_TEXT = name("pointOfServiceText");
    private static final SerializableString EXPIRATION = name("expiration");
    private static final SerializableString MULTICLEARING = name("multiclearing");
    private static final SerializableString MULTICLEARING_CLOSE = name("multiclearingClose");
    private static final SerializableString AMOUNT_UNREADABLE = name("amountUnreadable");

    private RawNotificationWriter() {
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }

    static byte[] write(RawNotification raw) {
        ByteArrayOutputStream out = BUFFERS.get();
        out.reset();
        try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            gen.writeStartObject();
            gen.writeFieldName(SCHEMA_VERSION);
            gen.writeNumber(raw.schemaVersion());
            gen.writeFieldName(NOTIFICATION_ID);
            gen.writeString(raw.notificationId());
            gen.writeFieldName(RECEIVED_AT);
            writeInstant(gen, raw.receivedAt());
            gen.writeFieldName(NOTIFICATION);
            writeNotification(gen, raw.notification());
            gen.writeFieldName(BODY);
            writeTree(gen, raw.body());
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeNotification(JsonGenerator gen, CardNotification n) throws IOException {
        if (n == null) {
            gen.writeNull();
            return;
        }
        gen.writeStartObject();
        string(gen, TYPE, n.type());
        string(gen, CARD_ID, n.cardId());
        string(gen, PROCESSING_CODE, n.processingCode());
        gen.writeFieldName(AMOUNT_MINOR);
        gen.writeNumber(n.amountMinor());
        gen.writeFieldName(TRANSACTION_TIME);
        writeLocalDateTime(gen, n.transactionTime());
        gen.writeFieldName(CREATED_AT_UTC);
        writeInstant(gen, n.createdAtUtc());
        string(gen, TRANSACTION_ID, n.transactionId());
        string(gen, MERCHANT_CATEGORY, n.merchantCategory());
        string(gen, ACQUIRER_COUNTRY, n.acquirerCountry());
        string(gen, AUTHORIZATION_CODE, n.authorizationCode());
        string(gen, TERMINAL_ID, n.terminalId());
        string(gen, MERCHANT_ID, n.merchantId());
        string(gen, MERCHANT_NAME, n.merchantName());
        string(gen, CHAIN_ID, n.chainId());
        string(gen, POINT_OF_SERVICE_DATA, n.pointOfServiceData());
        string(gen, POINT_OF_SERVICE_TEXT, n.pointOfServiceText());
        gen.writeFieldName(EXPIRATION);
        gen.writeBoolean(n.expiration());
        gen.writeFieldName(MULTICLEARING);
        gen.writeBoolean(n.multiclearing());
        gen.writeFieldName(MULTICLEARING_CLOSE);
        gen.writeBoolean(n.multiclearingClose());
        gen.writeFieldName(AMOUNT_UNREADABLE);
        gen.writeBoolean(n.amountUnreadable());
        gen.writeEndObject();
    }

    private static void string(JsonGenerator gen, SerializableString name, String value) throws IOException {
        gen.writeFieldName(name);
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeString(value);
        }
    }

    /** The body in its own field order; text leaves directly, any other leaf exactly as the mapper writes it. */
    private static void writeTree(JsonGenerator gen, JsonNode node) throws IOException {
        if (node == null) {
            gen.writeNull();
        } else if (node.isObject()) {
            gen.writeStartObject();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                gen.writeFieldName(field.getKey());
                writeTree(gen, field.getValue());
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (JsonNode child : node) {
                writeTree(gen, child);
            }
            gen.writeEndArray();
        } else if (node.isTextual()) {
            gen.writeString(node.textValue());
        } else {
            MAPPER.writeTree(gen, node);
        }
    }

    /** {@link java.time.format.DateTimeFormatter#ISO_INSTANT}, as Jackson's InstantSerializer writes it. */
    private static void writeInstant(JsonGenerator gen, Instant t) throws IOException {
        if (t == null) {
            gen.writeNull();
        } else {
            gen.writeString(IsoTimes.instant(t));
        }
    }

    /** {@link java.time.format.DateTimeFormatter#ISO_LOCAL_DATE_TIME}, as Jackson's LocalDateTimeSerializer writes it. */
    private static void writeLocalDateTime(JsonGenerator gen, LocalDateTime t) throws IOException {
        if (t == null) {
            gen.writeNull();
        } else {
            gen.writeString(IsoTimes.localDateTime(t));
        }
    }
}
