package io.cardledger.ingest.publish;

import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C Trace Context ({@code traceparent}, version 00) for the record a webhook becomes: the caller's
 * trace continued with a new span when it sent a valid header, a new trace otherwise. The value travels
 * as the Kafka header {@code traceparent} of the raw record, so the hop from the issuer's call to the
 * stored record can be joined with the caller's traces (no exporter needed for that). Costs two random
 * longs and a 55-character string per webhook: no allocation-heavy tracing library on this path.
 */
public final class TraceParent {
    public static final String HEADER = "traceparent";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceParent() {
    }

    /** {@code 00-<trace id>-<new span id>-<flags>}: the incoming trace id and flags if {@code incoming} is valid. */
    public static String continueOrStart(String incoming) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[55];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        boolean valid = isValid(incoming);
        if (valid) {
            incoming.getChars(3, 35, out, 3);
        } else {
            hex(nonZero(random), out, 3);
            hex(random.nextLong(), out, 19);
        }
        out[35] = '-';
        hex(nonZero(random), out, 36);
        out[52] = '-';
        if (valid) {
            out[53] = incoming.charAt(53);
            out[54] = incoming.charAt(54);
        } else {
            out[53] = '0';
            out[54] = '0';
        }
        return new String(out);
    }

    /** Version 00 layout, lower-case hex, neither id all zeros (the specification's invalid values). */
    static boolean isValid(String value) {
        if (value == null || value.length() != 55 || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-'
                || !value.startsWith("00")) {
            return false;
        }
        return isHex(value, 3, 35) && isHex(value, 36, 52) && isHex(value, 53, 55)
                && !allZero(value, 3, 35) && !allZero(value, 36, 52);
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
