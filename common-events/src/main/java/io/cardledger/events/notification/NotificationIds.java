package io.cardledger.events.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Deterministic notification ids: the first 128 bits of SHA-256 over the body in canonical form
 * (keys sorted, password removed). The issuer retries a webhook with the same body, so a
 * redelivery gets the same id and moves money once; two different notifications differ in at
 * least one field and get different ids.
 */
public final class NotificationIds {
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    private NotificationIds() {
    }

    public static String of(ObjectNode bodyWithoutPassword) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(canonical(bodyWithoutPassword));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return "n-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Same content, same id; used for KYC webhooks and anything else without an issuer id. */
    public static String ofText(String prefix, String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                if (!NotificationParser.PASSWORD_FIELD.equals(name)) {
                    sorted.set(name, canonical(node.get(name)));
                }
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(child -> array.add(canonical(child)));
            return array;
        }
        return node;
    }
}
