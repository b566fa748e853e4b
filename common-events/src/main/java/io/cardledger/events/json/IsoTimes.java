package io.cardledger.events.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 text for the times every event carries, written and read without
 * {@link DateTimeFormatter}: the formatter's generic machinery was ~14 % of the ledger's
 * write path (every event has two to four timestamps, and Axon adds its own). Each method here
 * produces exactly what its formatter produces (tests compare them over millions of values) and
 * reads only the one strict shape the formatter writes; anything else makes the parse methods
 * answer {@code null}, and the caller falls back to the formatter (same result, same errors).
 */
public final class IsoTimes {
    private static final int SECONDS_PER_DAY = 86_400;

    private IsoTimes() {
    }

    /** Same text as {@link Instant#toString()} ({@link DateTimeFormatter#ISO_INSTANT}): fraction in groups of 3 digits. */
    public static String instant(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDate date = dateOf(seconds);
        if (date == null) {
            return instant.toString();
        }
        int nano = instant.getNano();
        int fractionDigits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        char[] text = new char[20 + (fractionDigits == 0 ? 0 : 1 + fractionDigits)];
        int at = writeDateTime(text, date, (int) Math.floorMod(seconds, SECONDS_PER_DAY));
        at = writeFraction(text, at, nano, fractionDigits);
        text[at] = 'Z';
        return new String(text);
    }

    /**
     * Same text as Axon's {@code DateTimeUtils.formatInstant} (the event store's timestamp column):
     * always three fraction digits, truncated, then {@code Z}. Years outside 0000–9999 answer
     * {@code null} (the caller uses Axon's formatter).
     */
    public static String instantMillis(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDate date = dateOf(seconds);
        if (date == null) {
            return null;
        }
        char[] text = new char[24];
        int at = writeDateTime(text, date, (int) Math.floorMod(seconds, SECONDS_PER_DAY));
        at = writeFraction(text, at, instant.getNano() / 1_000_000 * 1_000_000, 3);
        text[at] = 'Z';
        return new String(text);
    }

    /** Same text as {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME}: seconds always, fraction without trailing zeros. */
    public static String localDateTime(LocalDateTime time) {
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return time.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        int nano = time.getNano();
        int fractionDigits = 0;
        if (nano != 0) {
            fractionDigits = 9;
            for (int n = nano; n % 10 == 0; n /= 10) {
                fractionDigits--;
            }
        }
        char[] text = new char[19 + (fractionDigits == 0 ? 0 : 1 + fractionDigits)];
        int at = writeDateTime(text, time.toLocalDate(), time.toLocalTime().toSecondOfDay());
        writeFraction(text, at, nano, fractionDigits);
        return new String(text);
    }

    /**
     * Reads {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (1–9 fraction digits), the shape {@link #instant}
     * and {@link #instantMillis} write; {@code null} for anything else, an impossible date included.
     */
    public static Instant parseInstant(char[] text, int offset, int length) {
        if (length < 20 || text[offset + length - 1] != 'Z') {
            return null;
        }
        LocalDateTime time = parse(text, offset, length - 1, true);
        return time == null ? null : Instant.ofEpochSecond(
                time.toLocalDate().toEpochDay() * SECONDS_PER_DAY + time.toLocalTime().toSecondOfDay(), time.getNano());
    }

    public static Instant parseInstant(CharSequence text) {
        char[] chars = text.toString().toCharArray();
        return parseInstant(chars, 0, chars.length);
    }

    /**
     * Reads {@code yyyy-MM-ddTHH:mm[:ss[.f…]]}, what {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME}
     * accepts in its usual form; {@code null} for anything else.
     */
    public static LocalDateTime parseLocalDateTime(char[] text, int offset, int length) {
        return parse(text, offset, length, false);
    }

    private static LocalDateTime parse(char[] s, int o, int length, boolean secondsRequired) {
        if (length < 16 || s[o + 4] != '-' || s[o + 7] != '-' || s[o + 10] != 'T' || s[o + 13] != ':') {
            return null;
        }
        int year = digits(s, o, 4);
        int month = digits(s, o + 5, 2);
        int day = digits(s, o + 8, 2);
        int hour = digits(s, o + 11, 2);
        int minute = digits(s, o + 14, 2);
        int second = 0;
        int nano = 0;
        int at = o + 16;
        int end = o + length;
        if (at < end) {
            if (s[at] != ':' || end - at < 3) {
                return null;
            }
            second = digits(s, at + 1, 2);
            at += 3;
            if (at < end) {
                int fractionDigits = end - at - 1;
                if (s[at] != '.' || fractionDigits < 1 || fractionDigits > 9) {
                    return null;
                }
                nano = digits(s, at + 1, fractionDigits);
                if (nano < 0) {
                    return null;
                }
                for (int i = fractionDigits; i < 9; i++) {
                    nano *= 10;
                }
            }
        } else if (secondsRequired) {
            return null;
        }
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nano);
        } catch (DateTimeException impossibleDate) {
            return null;
        }
    }

    /** The value of {@code count} ASCII digits, or -1 if one is not a digit. */
    private static int digits(char[] s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = s[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The UTC date of an epoch second, or null outside years 0000–9999. */
    private static LocalDate dateOf(long epochSecond) {
        long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        // 0000-01-01 is epoch day -719528; 9999-12-31 is 2932896.
        if (day < -719_528 || day > 2_932_896) {
            return null;
        }
        return LocalDate.ofEpochDay(day);
    }

    private static int writeDateTime(char[] text, LocalDate date, int secondOfDay) {
        write(text, 0, date.getYear(), 4);
        text[4] = '-';
        write(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        write(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        write(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        write(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        write(text, 17, secondOfDay % 60, 2);
        return 19;
    }

    /** Writes '.' and the first {@code digits} digits of the nanoseconds (none if digits is 0). */
    private static int writeFraction(char[] text, int at, int nano, int digits) {
        if (digits == 0) {
            return at;
        }
        text[at++] = '.';
        int value = nano;
        for (int i = digits; i < 9; i++) {
            value /= 10;
        }
        write(text, at, value, digits);
        return at + digits;
    }

    private static void write(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
