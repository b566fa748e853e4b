package io.cardledger.events.katfacil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a KatFacil body into a {@link KatFacilEvent} by configured field paths (webhook-ingest
 * configures it; the ledger's scenario check reads scenario files with its defaults), so that KatFacil's
 * real field names (the seed documents event names but no bodies) are a configuration change, not a
 * code change. Documented in docs/katfacil.md.
 *
 * <ul>
 * <li>The event name is the first text among the top-level {@code event}, {@code type} and
 * {@code event_type}; each kind answers to a configured list of names, matched without regard to case.</li>
 * <li>Each field has a list of paths ({@code data.card_id}: key {@code card_id} inside object
 * {@code data}); the first one present with a text or number value wins. A kind can override any
 * field's paths; the rest come from the common defaults.</li>
 * <li>Amounts are converted by {@link MajorUnits}; a body without a currency is in the configured default.</li>
 * </ul>
 */
public final class KatFacilMapping {
    /** Top-level keys that can carry the event name, in order. */
    public static final List<String> EVENT_NAME_KEYS = List.of("event", "type", "event_type");

    /** Where each field is looked for unless configured otherwise: the default shape first. */
    public static final Map<MappedField, List<String>> DEFAULT_FIELDS = defaultFields();
    /** The event names of each kind unless configured otherwise. */
    public static final Map<KatFacilEventKind, List<String>> DEFAULT_NAMES = defaultNames();
    /** Per-kind overrides by default: a blockchain event's activity (deposit, refund, ...) is its type. */
    public static final Map<KatFacilEventKind, Map<MappedField, List<String>>> DEFAULT_OVERRIDES =
            Map.of(KatFacilEventKind.BLOCKCHAIN, Map.of(MappedField.STATUS, List.of("data.type", "data.status")));

    private final Map<String, KatFacilEventKind> kindByName = new HashMap<>();
    private final Map<KatFacilEventKind, Map<MappedField, List<String[]>>> paths = new EnumMap<>(KatFacilEventKind.class);
    private final String defaultCurrency;

    /**
     * @param fields          common paths per field; a field not given keeps {@link #DEFAULT_FIELDS}
     * @param names           event names per kind; a kind not given keeps {@link #DEFAULT_NAMES}
     * @param overrides       per-kind paths replacing the common ones for that kind
     * @param defaultCurrency the currency of a body that names none
     */
    public KatFacilMapping(Map<MappedField, List<String>> fields, Map<KatFacilEventKind, List<String>> names,
                           Map<KatFacilEventKind, Map<MappedField, List<String>>> overrides, String defaultCurrency) {
        this.defaultCurrency = defaultCurrency == null || defaultCurrency.isBlank() ? null : defaultCurrency.strip().toUpperCase(Locale.ROOT);
        if (this.defaultCurrency != null && MajorUnits.exponent(this.defaultCurrency) < 0) {
            throw new IllegalArgumentException("cardledger.katfacil.default-currency " + defaultCurrency + " is not an ISO 4217 currency with minor units");
        }
        Map<MappedField, List<String>> common = new EnumMap<>(DEFAULT_FIELDS);
        common.putAll(fields);
        for (KatFacilEventKind kind : KatFacilEventKind.values()) {
            if (kind == KatFacilEventKind.UNRECOGNISED) {
                continue;
            }
            for (String name : names.getOrDefault(kind, DEFAULT_NAMES.getOrDefault(kind, List.of()))) {
                KatFacilEventKind earlier = kindByName.put(name.strip().toLowerCase(Locale.ROOT), kind);
                if (earlier != null && earlier != kind) {
                    throw new IllegalArgumentException("KatFacil event name " + name + " is configured for both " + earlier + " and " + kind);
                }
            }
        }
        for (KatFacilEventKind kind : KatFacilEventKind.values()) {
            Map<MappedField, List<String>> forKind = new EnumMap<>(common);
            forKind.putAll(DEFAULT_OVERRIDES.getOrDefault(kind, Map.of()));
            forKind.putAll(overrides.getOrDefault(kind, Map.of()));
            Map<MappedField, List<String[]>> split = new EnumMap<>(MappedField.class);
            forKind.forEach((field, list) -> split.put(field, list.stream().map(KatFacilMapping::split).toList()));
            paths.put(kind, split);
        }
    }

    public static KatFacilMapping defaults(String defaultCurrency) {
        return new KatFacilMapping(Map.of(), Map.of(), Map.of(), defaultCurrency);
    }

    private static String[] split(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("A KatFacil field path must not be empty");
        }
        return path.strip().split("\\.");
    }

    /** The event name: the first text among {@link #EVENT_NAME_KEYS}, or null. */
    public static String eventName(ObjectNode body) {
        for (String key : EVENT_NAME_KEYS) {
            JsonNode v = body.get(key);
            if (v != null && v.isTextual() && !v.textValue().isBlank()) {
                return v.textValue();
            }
        }
        return null;
    }

    public KatFacilEventKind kindOf(String eventName) {
        return eventName == null ? KatFacilEventKind.UNRECOGNISED
                : kindByName.getOrDefault(eventName.strip().toLowerCase(Locale.ROOT), KatFacilEventKind.UNRECOGNISED);
    }

    /** Every path configured for a field of a kind (the ingest keeps ids at these paths out of PAN masking). */
    public List<String[]> paths(KatFacilEventKind kind, MappedField field) {
        return paths.get(kind).getOrDefault(field, List.of());
    }

    /** The typed view of {@code body}, whose event name is {@code eventName}. */
    public KatFacilEvent read(String eventName, ObjectNode body) {
        KatFacilEventKind kind = kindOf(eventName);
        String currency = text(body, kind, MappedField.CURRENCY);
        currency = currency == null ? defaultCurrency : currency.strip().toUpperCase(Locale.ROOT);
        String amount = text(body, kind, MappedField.AMOUNT);
        MajorUnits.Converted converted = MajorUnits.toMinor(amount, currency);
        return new KatFacilEvent(eventName, kind, text(body, kind, MappedField.EVENT_ID), text(body, kind, MappedField.CARD_ID),
                text(body, kind, MappedField.USER_ID), text(body, kind, MappedField.WALLET_ID), amount, converted.minor(),
                converted.reading(), currency, text(body, kind, MappedField.STATUS), text(body, kind, MappedField.TRANSACTION_ID),
                text(body, kind, MappedField.FUNDING_ID), text(body, kind, MappedField.MERCHANT),
                instant(text(body, kind, MappedField.TIME)));
    }

    /** The first configured path holding a text or a number; numbers as their exact decimal text. */
    public String text(ObjectNode body, KatFacilEventKind kind, MappedField field) {
        for (String[] path : paths(kind, field)) {
            JsonNode node = at(body, path);
            if (node == null) {
                continue;
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isNumber()) {
                return node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.decimalValue().toPlainString();
            }
        }
        return null;
    }

    /** The value at a path, or null when any step is missing or not an object. */
    public static JsonNode at(JsonNode body, String[] path) {
        JsonNode node = body;
        for (String key : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(key);
        }
        return node == null || node.isNull() ? null : node;
    }

    /** ISO-8601 with an offset or Z, else null: an unreadable time never costs an event. */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Map<MappedField, List<String>> defaultFields() {
        Map<MappedField, List<String>> m = new EnumMap<>(MappedField.class);
        m.put(MappedField.EVENT_ID, List.of("event_id", "id", "data.event_id"));
        m.put(MappedField.CARD_ID, List.of("data.card_id", "card_id"));
        m.put(MappedField.USER_ID, List.of("data.user_id", "user_id"));
        m.put(MappedField.WALLET_ID, List.of("data.wallet_id", "wallet_id"));
        m.put(MappedField.AMOUNT, List.of("data.amount", "amount"));
        m.put(MappedField.CURRENCY, List.of("data.currency", "currency"));
        m.put(MappedField.STATUS, List.of("data.status", "status"));
        m.put(MappedField.TRANSACTION_ID, List.of("data.transaction_id", "transaction_id"));
        m.put(MappedField.FUNDING_ID, List.of("data.funding_id", "data.fund_id", "funding_id", "data.transaction_id"));
        m.put(MappedField.MERCHANT, List.of("data.merchant", "merchant"));
        m.put(MappedField.TIME, List.of("data.created_at", "created_at", "timestamp"));
        return Map.copyOf(m);
    }

    private static Map<KatFacilEventKind, List<String>> defaultNames() {
        Map<KatFacilEventKind, List<String>> m = new EnumMap<>(KatFacilEventKind.class);
        m.put(KatFacilEventKind.NEW_CARD, List.of("digitalcard.newcard"));
        m.put(KatFacilEventKind.CARD_AUTHORIZATION, List.of("digitalcard.cardauthorization"));
        m.put(KatFacilEventKind.TRANSACTION, List.of("digitalcard.transaction"));
        m.put(KatFacilEventKind.BLOCKCHAIN, List.of("digitalcard.blockchain"));
        m.put(KatFacilEventKind.XPAY_ACTIVATION, List.of("digitalcard.xpayactivation"));
        m.put(KatFacilEventKind.FUND_REQUEST, List.of("digitalcard.fundrequest"));
        m.put(KatFacilEventKind.FUNDED, List.of("digitalcard.funded"));
        m.put(KatFacilEventKind.FREEZE, List.of("digitalcard.freeze", "digitalcard.frozen"));
        m.put(KatFacilEventKind.UNFREEZE, List.of("digitalcard.unfreeze", "digitalcard.unfrozen"));
        return Map.copyOf(m);
    }
}
