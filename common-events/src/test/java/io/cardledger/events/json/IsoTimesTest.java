package io.cardledger.events.json;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class IsoTimesTest {
    /** Axon's event-store timestamp format (DateTimeUtils.formatInstant), rebuilt here to compare with. */
    private static final DateTimeFormatter AXON = new java.time.format.DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendValue(java.time.temporal.ChronoField.YEAR, 4, 10, java.time.format.SignStyle.EXCEEDS_PAD)
            .appendLiteral('-').appendValue(java.time.temporal.ChronoField.MONTH_OF_YEAR, 2)
            .appendLiteral('-').appendValue(java.time.temporal.ChronoField.DAY_OF_MONTH, 2)
            .appendLiteral('T').appendValue(java.time.temporal.ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':').appendValue(java.time.temporal.ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':').appendValue(java.time.temporal.ChronoField.SECOND_OF_MINUTE, 2)
            .appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 3, 3, true)
            .appendOffsetId().toFormatter().withZone(ZoneOffset.UTC);

    private static List<Instant> instants() {
        SplittableRandom random = new SplittableRandom(20261123);
        List<Instant> all = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(0, 1),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("2026-02-28T23:59:59.100Z"),
                Instant.parse("2024-02-29T12:00:00.000100Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX));
        for (int i = 0; i < 50_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L - 86_400L * 400, 253_402_300_800L + 86_400L * 400);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            all.add(Instant.ofEpochSecond(seconds, nano));
        }
        return all;
    }

    /** Before 0000-01-01T00:00:00Z or from 10000-01-01T00:00:00Z on. */
    private static boolean outsideFourDigitYears(Instant instant) {
        return instant.getEpochSecond() < -62_167_219_200L || instant.getEpochSecond() >= 253_402_300_800L;
    }

    @Test
    void writesInstantsExactlyAsIsoInstantAndAxonDo() {
        for (Instant instant : instants()) {
            assertThat(IsoTimes.instant(instant)).as("%s", instant).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
            String millis = IsoTimes.instantMillis(instant);
            if (millis != null) {
                assertThat(millis).as("%s", instant).isEqualTo(AXON.format(instant));
            } else {
                assertThat(outsideFourDigitYears(instant)).isTrue();
            }
        }
    }

    @Test
    void readsWhatItWritesAndWhatTheFormattersWrite() {
        for (Instant instant : instants()) {
            String iso = DateTimeFormatter.ISO_INSTANT.format(instant);
            Instant parsed = IsoTimes.parseInstant(iso);
            if (parsed != null) {
                assertThat(parsed).as(iso).isEqualTo(instant);
            } else {
                assertThat(outsideFourDigitYears(instant)).as(iso).isTrue();
            }
            String axon = IsoTimes.instantMillis(instant);
            if (axon != null) {
                assertThat(IsoTimes.parseInstant(axon)).isEqualTo(Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(axon)));
            }
        }
    }

    @Test
    void writesAndReadsLocalDateTimesExactlyAsIsoLocalDateTime() {
        for (Instant instant : instants()) {
            if (instant.equals(Instant.MIN) || instant.equals(Instant.MAX)) {
                continue; // beyond LocalDateTime's range
            }
            LocalDateTime time = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            String expected = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time);
            assertThat(IsoTimes.localDateTime(time)).as("%s", time).isEqualTo(expected);
            char[] text = expected.toCharArray();
            LocalDateTime parsed = IsoTimes.parseLocalDateTime(text, 0, text.length);
            if (parsed != null) {
                assertThat(parsed).isEqualTo(time);
            } else {
                assertThat(time.getYear() < 0 || time.getYear() > 9999).isTrue();
            }
        }
        char[] minutesOnly = "2026-06-23T10:15".toCharArray();
        assertThat(IsoTimes.parseLocalDateTime(minutesOnly, 0, minutesOnly.length))
                .isEqualTo(LocalDateTime.parse("2026-06-23T10:15"));
    }

    @Test
    void readsOnlyTheStrictShapeAndLeavesEverythingElseToTheFormatter() {
        for (String other : List.of("", "2026-06-23", "2026-06-23T10:15Z", "2026-06-23T10:15:30", "2026-06-23T10:15:30.Z",
                "2026-06-23T10:15:30.1234567891Z", "2026-06-23T10:15:30+01:00", "2026-06-23t10:15:30z", " 2026-06-23T10:15:30Z",
                "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-06-23T24:00:00Z", "2026-06-23T23:59:60Z",
                "2026-06-23T10:6:30Z", "202a-06-23T10:15:30Z", "+2026-06-23T10:15:30Z", "2026-06-23T10:15:30.-1Z")) {
            assertThat(IsoTimes.parseInstant(other)).as(other).isNull();
        }
        for (String other : List.of("2026-06-23T10:15:30Z", "2026-06-23T10:15:", "2026-06-23T10:15:30.", "2026-06-23 10:15:30",
                "2026-02-29T10:15:30", "2026-06-23T10:15:30.1234567890")) {
            char[] text = other.toCharArray();
            assertThat(IsoTimes.parseLocalDateTime(text, 0, text.length)).as(other).isNull();
        }
    }

    @Test
    void readsInsideALargerBuffer() {
        char[] buffer = "xx\"2026-06-23T10:15:30.250Z\"yy".toCharArray();
        assertThat(IsoTimes.parseInstant(buffer, 3, 24)).isEqualTo(Instant.parse("2026-06-23T10:15:30.250Z"));
    }
}
