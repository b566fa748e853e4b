package io.cardledger.support.parking;

/**
 * Text that PostgreSQL can store: {@code text} and {@code jsonb} cannot hold NUL, and the other
 * C0 control characters (except tab, line feed and carriage return) only ever reach us by
 * mistake or malice. They become U+FFFD, the Unicode replacement character; see
 * docs/adr (control characters in free text).
 */
public final class TextSafety {
    public static final char REPLACEMENT = '\uFFFD';

    private TextSafety() {
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
