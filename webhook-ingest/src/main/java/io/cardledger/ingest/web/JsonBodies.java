package io.cardledger.ingest.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonFactory;
import io.cardledger.events.json.JsonLimits;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Reads webhook bodies into JSON trees, strictly enough that the stored body means one thing.
 *
 * <ul>
 *   <li>Duplicate keys are refused: two {@code c4ImporteTransaccion} or two {@code password}
 *   fields would make the amount or the authentication ambiguous.</li>
 *   <li>Decimals keep their exact digits (1.10 stays 1.10) because the raw log keeps the body unchanged.</li>
 *   <li>Depth, number and string lengths are bounded ({@link JsonLimits#WEBHOOK}): too deep or too long is malformed.</li>
 *   <li>Error details give a position, never the offending token: a malformed body may hold the password.</li>
 * </ul>
 */
public final class JsonBodies {
    private static final ObjectMapper READER = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(JsonLimits.WEBHOOK).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private JsonBodies() {
    }

    public static ObjectNode readObject(byte[] body) {
        JsonNode tree;
        try {
            tree = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new WebhookRejectedException(Rejection.MALFORMED_JSON, "The body is not valid JSON" + where(e.getLocation())
                    + (e.getMessage() != null && e.getMessage().startsWith("Duplicate field") ? " (a field appears twice)" : ""));
        } catch (IOException e) {
            throw new WebhookRejectedException(Rejection.MALFORMED_JSON, "The body could not be read as JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new WebhookRejectedException(Rejection.MALFORMED_JSON, "The body is empty; send the notification as a JSON object");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new WebhookRejectedException(Rejection.MALFORMED_JSON,
                    "The body must be a JSON object, got " + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return object;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** Text of a value node, or null when absent, null or not text. */
    public static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
