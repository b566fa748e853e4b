package io.cardledger.ingest.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Navigation in parsed YAML (SnakeYAML's maps and lists) that answers empty instead of null. */
final class Yamls {
    private Yamls() {
    }

    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? cast(m) : Map.of();
    }

    /** {@code path} of keys below {@code node}; empty where one is missing. */
    static Map<String, Object> map(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = map(current).get(key);
        }
        return map(current);
    }

    static List<Object> list(Object parent, String key) {
        Object value = map(parent).get(key);
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    static String string(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = map(current).get(key);
        }
        return current == null ? null : String.valueOf(current);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
