package io.cardledger.events.text;

/**
 * Text that PostgreSQL can store: {@code text} and {@code jsonb} cannot hold NUL, and the other
 * C0 control characters (except tab, line feed and carriage return) only ever reach us by
 * mistake or malice. They become U+FFFD, the Unicode replacement character; see
 * docs/adr/0008-control-characters-in-free-text.md.
 */
public final class TextSafety {
    public static final char REPLACEMENT = '\uFFFD';

    private TextSafety() {
    }

    public static final int MAX_ID_LENGTH = 64;

    /**
     * An identifier we accept from a client (wallet, card, user and operation ids, c2CardId): 1 to
     * 64 characters, none of them a control character (C0, DEL or C1).
     */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.codePointCount(0, id.length()) > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Every text value in {@code node}, at any depth, {@link #clean cleaned} in place. */
    public static void cleanTexts(com.fasterxml.jackson.databind.JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            var fields = object.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                com.fasterxml.jackson.databind.JsonNode value = field.getValue();
                if (value.isTextual()) {
                    String clean = clean(value.textValue());
                    if (!clean.equals(value.textValue())) {
                        field.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(clean));
                    }
                } else {
                    cleanTexts(value);
                }
            }
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                com.fasterxml.jackson.databind.JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(clean(value.textValue())));
                } else {
                    cleanTexts(value);
                }
            }
        }
    }

    /**
     * A Jackson module whose String deserializer {@link #clean cleans} every string it reads: for
     * readers that write what they read into PostgreSQL text columns.
     */
    public static com.fasterxml.jackson.databind.module.SimpleModule cleaningModule() {
        var module = new com.fasterxml.jackson.databind.module.SimpleModule("card-ledger-text-safety");
        module.addDeserializer(String.class, new com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<String>(String.class) {
            @Override
            public String deserialize(com.fasterxml.jackson.core.JsonParser p,
                                      com.fasterxml.jackson.databind.DeserializationContext ctxt) throws java.io.IOException {
                return clean(com.fasterxml.jackson.databind.deser.std.StringDeserializer.instance.deserialize(p, ctxt));
            }
        });
        return module;
    }

    public static boolean isUnsafe(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
    }

    public static boolean hasControlCharacters(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** {@code s} with unsafe control characters replaced; the same instance when there are none. */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !isUnsafe(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length()).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(isUnsafe(c) ? REPLACEMENT : c);
        }
        return out.toString();
    }

    /** Cleaned and cut to {@code max} characters (with an ellipsis when cut). */
    public static String bounded(String s, int max) {
        String clean = clean(s == null ? "" : s);
        return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }
}
