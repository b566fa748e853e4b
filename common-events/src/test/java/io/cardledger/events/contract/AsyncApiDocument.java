package io.cardledger.events.contract;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.chargeback.ChargebackReport;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.events.Topics;
import io.cardledger.events.trace.TraceParent;
import io.cardledger.events.kyc.KycStatusReported;
import io.cardledger.events.notification.RawNotification;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * docs/asyncapi.yaml as the code defines it: the three topics, their keys and messages, and a JSON
 * Schema per message type derived from the common-events records the way Jackson (configured by
 * {@link LedgerEventTypes#configure}) writes them. AsyncApiDriftTest compares it with the committed file.
 */
final class AsyncApiDocument {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ObjectMapper mapper = LedgerEventTypes.configure(new ObjectMapper());
    private final Map<String, ObjectNode> schemas = new TreeMap<>();

    ObjectNode build() {
        ObjectNode doc = F.objectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "card-ledger events");
        info.put("version", "1.0.0");
        info.put("description", "The Kafka topics of card-ledger. Generated from common-events (AsyncApiDriftTest); "
                + "regenerate with ./mvnw -q -pl common-events test -Dtest=AsyncApiDriftTest -Dcardledger.contracts.write=true. "
                + "Amounts are long integers in minor units; times are ISO-8601 text. Readers ignore unknown fields; "
                + "a breaking change gets a new topic version.");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode messages = F.objectNode();

        channel(channels, operations, messages, "rawNotifications", Topics.RAW_NOTIFICATIONS, "cardId",
                "Issuer transaction notifications exactly as received (minus the password and card data), written by webhook-ingest, read by ledger-service.",
                "webhook-ingest", List.of(RawNotification.class));
        channel(channels, operations, messages, "katfacilEvents", Topics.KATFACIL_EVENTS, "cardId (the event id when the mapping finds no card)",
                "KatFacil Digital MasterCard webhooks exactly as received (minus OTPs, activation codes and card data), with the fields "
                        + "the mapping found, written by webhook-ingest, read by ledger-service.",
                "webhook-ingest", List.of(RawKatFacilEvent.class));
        channel(channels, operations, messages, "chargebacks", Topics.CHARGEBACKS, "cardId",
                "PayCaddy chargeback status webhooks as ingest read them (the body kept, minus the password and card data), "
                        + "written by webhook-ingest, read by ledger-service.",
                "webhook-ingest", List.of(ChargebackReport.class));
        channel(channels, operations, messages, "kyc", Topics.KYC, "userId",
                "Issuer KYC status webhooks, written by webhook-ingest, read by projection-service.",
                "webhook-ingest", List.of(KycStatusReported.class));
        List<Class<?>> ledgerTypes = LedgerEventTypes.all().stream().sorted(Comparator.comparing(Class::getSimpleName)).toList();
        ObjectNode ledger = channel(channels, operations, messages, "ledgerEvents", Topics.LEDGER_EVENTS, "aggregate id (card:<cardId> or wallet:<walletId>)",
                "Events of the ledger's aggregates in a LedgerEventEnvelope, ordered per aggregate, written by ledger-service's outbox, "
                        + "read by projection-service. Each record carries CloudEvents 1.0 attributes as headers (Kafka binary mode), "
                        + "and the W3C traceparent of the webhook that caused the event when there was one.",
                "ledger-service", ledgerTypes);
        ledger.put("x-envelope", "LedgerEventEnvelope");

        ObjectNode components = doc.putObject("components");
        components.set("messages", messages);
        ObjectNode schemaNode = components.putObject("schemas");
        schemaFor(mapper.constructType(LedgerEventEnvelope.class));
        schemas.forEach(schemaNode::set);
        ObjectNode traits = components.putObject("messageTraits");
        traits.set("cloudEvents", cloudEventHeaders());
        traits.set("traceContext", traceContextHeaders());
        return doc;
    }

    private ObjectNode channel(ObjectNode channels, ObjectNode operations, ObjectNode messages, String id, String topic, String key,
                               String description, String producer, List<Class<?>> types) {
        ObjectNode channel = channels.putObject(id);
        channel.put("address", topic);
        channel.put("description", description + " Key: " + key + ".");
        ObjectNode channelMessages = channel.putObject("messages");
        boolean envelope = topic.equals(Topics.LEDGER_EVENTS);
        for (Class<?> type : types) {
            String name = type.getSimpleName();
            ObjectNode message = messages.putObject(name);
            message.put("name", name);
            message.put("contentType", "application/json");
            schemaFor(mapper.constructType(type));
            if (envelope) {
                message.put("title", "LedgerEventEnvelope with type " + name);
                ObjectNode payload = message.putObject("payload");
                ArrayNode allOf = payload.putArray("allOf");
                allOf.addObject().put("$ref", "#/components/schemas/LedgerEventEnvelope");
                ObjectNode specific = allOf.addObject();
                ObjectNode props = specific.putObject("properties");
                props.putObject("type").put("const", name);
                props.putObject("payload").put("$ref", "#/components/schemas/" + name);
                message.putArray("traits").addObject().put("$ref", "#/components/messageTraits/cloudEvents");
            } else {
                message.putObject("payload").put("$ref", "#/components/schemas/" + name);
            }
            ((ArrayNode) message.withArray("traits")).addObject().put("$ref", "#/components/messageTraits/traceContext");
            channelMessages.putObject(name).put("$ref", "#/components/messages/" + name);
        }
        ObjectNode send = operations.putObject("publish" + Character.toUpperCase(id.charAt(0)) + id.substring(1));
        send.put("action", "send");
        send.put("description", "Written by " + producer + ".");
        send.putObject("channel").put("$ref", "#/channels/" + id);
        return channel;
    }

    private ObjectNode cloudEventHeaders() {
        ObjectNode trait = F.objectNode();
        ObjectNode headers = trait.putObject("headers");
        headers.put("type", "object");
        ObjectNode props = headers.putObject("properties");
        Map<String, String> ce = new TreeMap<>(Map.of(
                "ce_id", "<aggregateId>/<sequence>: the key consumers deduplicate on",
                "ce_type", "io.cardledger.ledger.<type>",
                "ce_source", "/card-ledger/ledger-service",
                "ce_subject", "the aggregate id (the record key)",
                "ce_time", "when the event was stored (RFC 3339)",
                "ce_specversion", "1.0",
                "content-type", "application/json"));
        ce.forEach((k, v) -> props.putObject(k).put("type", "string").put("description", v));
        ArrayNode required = headers.putArray("required");
        ce.keySet().forEach(required::add);
        return trait;
    }

    /** W3C Trace Context on every topic (docs/adr/0012-trace-context.md); optional, so no {@code required}. */
    private ObjectNode traceContextHeaders() {
        ObjectNode trait = F.objectNode();
        ObjectNode headers = trait.putObject("headers");
        headers.put("type", "object");
        headers.putObject("properties").putObject(TraceParent.HEADER).put("type", "string")
                .put("pattern", "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
                .put("description", "W3C Trace Context, version 00. On the webhook topics: the caller's trace continued with "
                        + "ingest's span, or a new trace when the webhook had no valid traceparent. On ledger-events: the same "
                        + "trace id and flags as the raw record that caused the event, with a parent id of the outbox's own "
                        + "(derived from ce_id, so a redelivery repeats it); absent for events recorded without one "
                        + "(API calls, events stored before trace context).");
        return trait;
    }

    /** The schema of a type (a $ref for records, inline for values). */
    private ObjectNode schemaFor(JavaType type) {
        Class<?> raw = type.getRawClass();
        ObjectNode s = F.objectNode();
        if (raw == String.class || raw == char.class || raw == Character.class) {
            return s.put("type", "string");
        }
        if (raw == long.class || raw == Long.class) {
            return s.put("type", "integer").put("format", "int64");
        }
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class) {
            return s.put("type", "integer").put("format", "int32");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return s.put("type", "boolean");
        }
        if (raw == Instant.class || raw == OffsetDateTime.class) {
            return s.put("type", "string").put("format", "date-time");
        }
        if (raw == LocalDateTime.class) {
            return s.put("type", "string").put("description", "local date and time, ISO-8601 without offset");
        }
        if (raw == LocalDate.class) {
            return s.put("type", "string").put("format", "date");
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            return raw == JsonNode.class ? s : s.put("type", "object");
        }
        if (raw.isEnum()) {
            ArrayNode values = s.put("type", "string").putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(mapper.convertValue(constant, String.class));
            }
            return s;
        }
        if (raw == Optional.class) {
            return schemaFor(type.containedType(0));
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            s.put("type", "array").set("items", schemaFor(type.getContentType()));
            if (java.util.Set.class.isAssignableFrom(raw)) {
                s.put("uniqueItems", true);
            }
            return s;
        }
        if (type.isMapLikeType()) {
            return (ObjectNode) s.put("type", "object").set("additionalProperties", schemaFor(type.getContentType()));
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw) || raw.getName().startsWith("java.")) {
            throw new IllegalStateException("No JSON Schema mapping for " + type + ": add one to AsyncApiDocument");
        }
        String name = raw.getSimpleName();
        if (!schemas.containsKey(name)) {
            ObjectNode object = F.objectNode();
            schemas.put(name, object);
            object.put("type", "object");
            ObjectNode props = object.putObject("properties");
            ArrayNode required = F.arrayNode();
            BeanDescription description = mapper.getSerializationConfig().introspect(type);
            List<BeanPropertyDefinition> properties = description.findProperties();
            for (BeanPropertyDefinition p : properties) {
                if (!p.couldSerialize()) {
                    continue;
                }
                props.set(p.getName(), schemaFor(p.getPrimaryType()));
                if (p.getPrimaryType().isPrimitive()) {
                    required.add(p.getName());
                }
            }
            if (!required.isEmpty()) {
                object.set("required", required);
            }
        }
        return s.put("$ref", "#/components/schemas/" + name);
    }

    /** The component schema of one record type (for tests of the mapping itself). */
    ObjectNode componentOf(Class<?> type) {
        schemaFor(mapper.constructType(type));
        return schemas.get(type.getSimpleName());
    }

    static Collection<String> schemaNames(JsonNode doc) {
        List<String> names = new java.util.ArrayList<>();
        doc.path("components").path("schemas").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
