package io.cardledger.events.trace;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C Trace Context {@code traceparent} (version 00: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}),
 * the one header that follows a webhook through every hop (docs/adr/0012-trace-context.md):
 * <ul>
 *   <li>webhook-ingest continues the caller's trace with a new span, or starts one ({@link #continueOrStart});</li>
 *   <li>the ledger keeps the raw record's value as the {@value #HEADER} metadata of the commands and events it
 *       causes, and the outbox writes a child of it on each ledger-events record ({@link #childOf});</li>
 *   <li>the projection logs and stores its {@link #traceId}.</li>
 * </ul>
 * No tracing library: a few chars per message on hot paths. A value that is not a valid version-00
 * traceparent is never propagated.
 */
public final class TraceParent {
    /** The Kafka header, and the key of the Axon metadata entry, that carries the value. */
    public static final String HEADER = "traceparent";
    /** Length of a version-00 value. */
    public static final int LENGTH = 55;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceParent() {
    }

    /** {@code 00-<trace id>-<new span id>-<flags>}: the incoming trace id and flags if {@code incoming} is valid, else a new trace. */
    public static String continueOrStart(String incoming) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (isValid(incoming)) {
            return withParent(incoming, nonZero(random));
        }
        char[] out = new char[LENGTH];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        hex(nonZero(random), out, 3);
        hex(random.nextLong(), out, 19);
        out[35] = '-';
        hex(nonZero(random), out, 36);
        out[52] = '-';
        out[53] = '0';
        out[54] = '0';
        return new String(out);
    }

    /**
     * The same trace and flags with the span id derived from {@code spanSeed} (a stable name of this hop's
     * work, e.g. an event id: the same work always gets the same span id, so a redelivery repeats the header
     * exactly); null when {@code parent} is not valid.
     */
    public static String childOf(String parent, String spanSeed) {
        if (!isValid(parent)) {
            return null;
        }
        return childOfValid(parent, spanSeed);
    }

    /** {@link #childOf} of a value already known to be valid (by {@link #isValid}); for hot paths that checked it. */
    public static String childOfValid(String parent, String spanSeed) {
        // FNV-1a, 64 bits: cheap and well spread; a zero span id is invalid, so it is nudged.
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < spanSeed.length(); i++) {
            hash ^= spanSeed.charAt(i);
            hash *= 0x100000001b3L;
        }
        return withParent(parent, hash == 0 ? 1 : hash);
    }

    /** The 32-hex trace id of a valid value, else null. */
    public static String traceId(String value) {
        return isValid(value) ? value.substring(3, 35) : null;
    }

    /** A header's bytes as a valid value, or null (absent, wrong length or not a version-00 traceparent). */
    public static String fromHeader(byte[] header) {
        if (header == null || header.length != LENGTH) {
            return null;
        }
        String value = new String(header, StandardCharsets.ISO_8859_1);
        return isValid(value) ? value : null;
    }

    /** Version 00 layout, lower-case hex, neither id all zeros (the specification's invalid values). */
    public static boolean isValid(String value) {
        if (value == null || value.length() != LENGTH || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-'
                || !value.startsWith("00")) {
            return false;
        }
        return isHex(value, 3, 35) && isHex(value, 36, 52) && isHex(value, 53, 55)
                && !allZero(value, 3, 35) && !allZero(value, 36, 52);
    }

    /**
     * {@link #isValid(String)} of the {@value #LENGTH} bytes at {@code offset} (ASCII), without making a
     * String of them first: for values found inside stored JSON.
     */
    public static boolean isValid(byte[] bytes, int offset) {
        if (bytes == null || offset < 0 || bytes.length - offset < LENGTH || bytes[offset] != '0' || bytes[offset + 1] != '0'
                || bytes[offset + 2] != '-' || bytes[offset + 35] != '-' || bytes[offset + 52] != '-') {
            return false;
        }
        int traceId = hexBits(bytes, offset + 3, offset + 35);
        int parentId = hexBits(bytes, offset + 36, offset + 52);
        return traceId > 0 && parentId > 0 && hexBits(bytes, offset + 53, offset + 55) >= 0;
    }

    /** -1 when a byte in [from, to) is not lower-case hex, else the OR of the digits' offsets from '0' (0: all zeros). */
    private static int hexBits(byte[] bytes, int from, int to) {
        int bits = 0;
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xFF;
            if (!HEX_BYTE[c]) {
                return -1;
            }
            bits |= c - '0';
        }
        return bits;
    }

    private static final boolean[] HEX_BYTE = new boolean[256];

    static {
        for (char c : HEX) {
            HEX_BYTE[c] = true;
        }
    }

    private static String withParent(String valid, long spanId) {
        char[] out = valid.toCharArray();
        hex(spanId, out, 36);
        return new String(out);
    }

    private static long nonZero(ThreadLocalRandom random) {
        long value;
        do {
            value = random.nextLong();
        } while (value == 0);
        return value;
    }

    private static void hex(long value, char[] out, int at) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
