package io.cardledger.projection.read.transactions;

import io.cardledger.projection.api.InvalidQueryException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The list's filters, read from query parameters: a transaction-time range {@code [from, to)} and
 * a merchant fragment. {@code from}/{@code to} are ISO dates ({@code 2026-07-01}, a whole UTC day, so
 * {@code to} includes that day) or date-times (with an offset, or without one and read as UTC, as
 * the issuer's zone-less c7 is); a date-time {@code to} is inclusive.
 *
 * @param fromInclusive null for no lower bound
 * @param toExclusive   null for no upper bound
 * @param merchantLikePattern a LIKE pattern for c43 ({@code %fragment%}, wildcards escaped), or null
 */
record TransactionFilter(Instant fromInclusive, Instant toExclusive, String merchantLikePattern, boolean includeDeclined) {

    static TransactionFilter of(String from, String to, String merchant, boolean includeDeclined) {
        Instant start = blank(from) ? null : parse("from", from.trim(), false);
        Instant end = blank(to) ? null : parse("to", to.trim(), true);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidQueryException("from", "from (" + from.trim() + ") must be before to (" + to.trim() + ")");
        }
        String pattern = null;
        if (!blank(merchant)) {
            if (merchant.length() > 100) {
                throw new InvalidQueryException("merchant", "merchant must be at most 100 characters");
            }
            pattern = "%" + escapeLike(merchant.trim()) + "%";
        }
        return new TransactionFilter(start, end, pattern, includeDeclined);
    }

    private static Instant parse(String name, String value, boolean upperBound) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (upperBound ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            Instant t = hasOffset(value) ? OffsetDateTime.parse(value).toInstant() : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            // PostgreSQL keeps microseconds: "up to and including t" is "before t + 1 µs".
            return upperBound ? t.truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS) : t;
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException(name, name + " must be an ISO date (2026-07-01) or date-time "
                    + "(2026-07-01T10:15:30Z), got '" + value + "'");
        }
    }

    private static boolean hasOffset(String value) {
        int t = value.indexOf('T');
        if (t < 0) {
            return false;
        }
        String time = value.substring(t);
        return time.endsWith("Z") || time.contains("+") || time.contains("-");
    }

    /** The caller's text is matched literally: % and _ are not wildcards here. */
    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
