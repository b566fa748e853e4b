package io.cardledger.events.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cardledger.events.LedgerEventTypes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The module against jackson-datatype-jsr310 alone: same JSON out, same values and same failures in. */
class FastIsoTimesModuleTest {
    record Times(Instant at, LocalDateTime local, List<Instant> more) {
    }

    record Formatted(@JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy/MM/dd HH:mm") LocalDateTime local,
                     @JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant at) {
    }

    private final ObjectMapper fast = LedgerEventTypes.configure(new ObjectMapper());
    private final ObjectMapper standard = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void writesTheSameJsonAsJavaTimeModule() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                    i % 2 == 0 ? random.nextInt(1_000_000_000) : random.nextInt(1000) * 1_000_000);
            Times times = new Times(at, LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), java.time.ZoneOffset.UTC),
                    List.of(at, at.plusMillis(1)));
            String json = standard.writeValueAsString(times);
            assertThat(fast.writeValueAsString(times)).isEqualTo(json);
            assertThat(fast.readValue(json, Times.class)).isEqualTo(times);
        }
    }

    @Test
    void leavesNumbersFormatsAndOtherShapesToTheStandardModule() throws Exception {
        Formatted formatted = new Formatted(LocalDateTime.parse("2026-06-23T10:15"), Instant.parse("2026-06-23T10:15:30.250Z"));
        String json = standard.writeValueAsString(formatted);
        assertThat(fast.writeValueAsString(formatted)).isEqualTo(json).contains("2026/06/23 10:15");
        assertThat(fast.readValue(json, Formatted.class)).isEqualTo(standard.readValue(json, Formatted.class));

        ObjectMapper numeric = LedgerEventTypes.configure(new ObjectMapper()).enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Times times = new Times(Instant.parse("2026-06-23T10:15:30.250Z"), LocalDateTime.parse("2026-06-23T10:15:30"), List.of());
        assertThat(numeric.writeValueAsString(times)).isEqualTo(standard.copy()
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(times));

        for (String at : List.of("1750673730.25", "1750673730", "\"1750673730\"", "\"2026-06-23T12:15:30+02:00\"",
                "\" 2026-06-23T10:15:30Z \"", "\"2026-06-23T10:15:30.123456789Z\"", "null")) {
            String body = "{\"at\":" + at + ",\"local\":\"2026-06-23T10:15\"}";
            assertThat(fast.readValue(body, Times.class)).as(body).isEqualTo(standard.readValue(body, Times.class));
        }
    }

    @Test
    void failsWhereTheStandardModuleFails() {
        for (String at : List.of("\"2026-02-30T00:00:00Z\"", "\"2026-06-23T10:15:30\"", "\"yesterday\"", "true", "{}")) {
            String body = "{\"at\":" + at + "}";
            Class<? extends Throwable> expected = failure(() -> standard.readValue(body, Times.class));
            assertThat(expected).as(body).isNotNull();
            assertThatThrownBy(() -> fast.readValue(body, Times.class)).as(body).isInstanceOf(expected);
        }
        for (String local : List.of("\"2026-02-30T00:00:00\"", "\"2026-06-23 10:15\"", "12")) {
            String body = "{\"local\":" + local + "}";
            Class<? extends Throwable> expected = failure(() -> standard.readValue(body, Times.class));
            assertThat(expected).as(body).isNotNull();
            assertThatThrownBy(() -> fast.readValue(body, Times.class)).as(body).isInstanceOf(expected);
        }
    }

    private static Class<? extends Throwable> failure(ThrowingRunnable work) {
        try {
            work.run();
            return null;
        } catch (Throwable t) {
            return t.getClass();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
