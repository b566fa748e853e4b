package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;

/**
 * A prefix unique to one run of one scenario, put in front of every id the scenario names (wallets,
 * cards, users, operations), so scenarios that reuse "w-1" stay independent on one shared system
 * and can run again.
 */
record IdPrefix(String value) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ID_FIELDS = Set.of("walletId", "walletIdTo", "walletIdFrom", "cardId", "userId", "id",
            "c2CardId");

    static IdPrefix fresh() {
        return new IdPrefix("s" + UUID.randomUUID().toString().substring(0, 8) + "-");
    }

    /** The id as the system knows it in this run. */
    String id(String scenarioId) {
        return value + scenarioId;
    }

    /** A copy of the body whose id fields carry the prefix (empty ids stay empty). */
    JsonNode namespaced(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        for (String field : ID_FIELDS) {
            JsonNode v = copy.get(field);
            if (v != null && v.isTextual() && !v.asText().isEmpty()) {
                copy.put(field, value + v.asText());
            }
        }
        return copy;
    }

    /** Raw text is sent as given, except that the card id is namespaced where the text is a JSON object naming one. */
    String namespacedText(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed != null && parsed.isObject() && parsed.path("c2CardId").isTextual()) {
                String card = parsed.get("c2CardId").asText();
                return text.replace("\"" + card + "\"", "\"" + value + card + "\"");
            }
        } catch (IOException e) {
            // Not JSON: a malformed-body case, sent exactly as written.
        }
        return text;
    }
}
