package io.cardledger.events.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTest {
    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aChildKeepsTheTraceAndFlagsWithAParentIdOfItsOwnThatItsSeedFixes() {
        String child = TraceParent.childOf(VALID, "card:c-1/3");

        assertThat(child).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01");
        assertThat(child.substring(36, 52)).isNotEqualTo("00f067aa0ba902b7").isNotEqualTo("0000000000000000");
        assertThat(TraceParent.isValid(child)).isTrue();
        assertThat(TraceParent.childOf(VALID, "card:c-1/3")).isEqualTo(child);
        assertThat(TraceParent.childOf(VALID, "card:c-1/4")).isNotEqualTo(child);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"})
    void anInvalidValueHasNoChildNoTraceIdAndIsNotReadFromAHeader(String invalid) {
        assertThat(TraceParent.childOf(invalid, "seed")).isNull();
        assertThat(TraceParent.traceId(invalid)).isNull();
        assertThat(TraceParent.fromHeader(invalid.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void theTraceIdAndAHeaderOfAValidValue() {
        assertThat(TraceParent.traceId(VALID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceParent.fromHeader(VALID.getBytes(StandardCharsets.US_ASCII))).isEqualTo(VALID);
        assertThat(TraceParent.fromHeader(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {VALID, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736x00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e473\u00e9-00f067aa0ba902b7-01",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff",
            "00-00000000000000000000000000000001-0000000000000001-00"})
    void theByteCheckAgreesWithTheStringCheckAtAnyOffset(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        byte[] inside = ("{\"traceparent\":\"" + value + "\"}").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(TraceParent.isValid(bytes, 0)).isEqualTo(TraceParent.isValid(value));
        assertThat(TraceParent.isValid(inside, 16)).isEqualTo(TraceParent.isValid(value));
        assertThat(TraceParent.isValid(bytes, 1)).isFalse();
        assertThat(TraceParent.isValid(bytes, -1)).isFalse();
        assertThat(TraceParent.isValid(null, 0)).isFalse();
    }

    @Test
    void aValidValuesChildIsTheSameWhetherOrNotItIsCheckedAgain() {
        assertThat(TraceParent.childOfValid(VALID, "wallet:w-1/7")).isEqualTo(TraceParent.childOf(VALID, "wallet:w-1/7"));
        assertThat(TraceParent.isValid(VALID.getBytes(StandardCharsets.US_ASCII), 0)).isTrue();
    }
}
