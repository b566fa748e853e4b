package io.cardledger.ingest.publish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTest {
    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidTraceContinuesWithANewSpanAndTheSameFlags() {
        String next = TraceParent.continueOrStart(VALID);

        assertThat(next).hasSize(55).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01");
        assertThat(next.substring(36, 52)).isNotEqualTo("00f067aa0ba902b7").isNotEqualTo("0000000000000000");
        assertThat(TraceParent.isValid(next)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"})
    void anInvalidOrMissingHeaderStartsANewTrace(String incoming) {
        String started = TraceParent.continueOrStart(incoming);

        assertThat(TraceParent.isValid(started)).isTrue();
        assertThat(started).doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736").endsWith("-00");
        assertThat(TraceParent.continueOrStart(null)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
    }

    @Test
    void twoNewTracesDiffer() {
        assertThat(TraceParent.continueOrStart(null)).isNotEqualTo(TraceParent.continueOrStart(null));
    }
}
