package io.cardledger.projection.consume;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceLoggingTest {
    @Test
    void theTraceIdIsInTheMdcOnlyWhileItsEventIsHandled() {
        List<String> seen = new ArrayList<>();

        TraceLogging.during("4bf92f3577b34da6a3ce929d0e0e4736", () -> seen.add(MDC.get("traceId")));
        TraceLogging.during(null, () -> seen.add(MDC.get("traceId")));

        assertThat(seen).containsExactly("4bf92f3577b34da6a3ce929d0e0e4736", null);
        assertThat(MDC.get("traceId")).isNull();
    }

    @Test
    void theMdcIsClearedWhenTheHandlingFails() {
        assertThatThrownBy(() -> TraceLogging.during("4bf92f3577b34da6a3ce929d0e0e4736", () -> {
            throw new IllegalStateException("a read model failed");
        })).isInstanceOf(IllegalStateException.class);

        // The poll fails and is retried; the thread's next lines must not name this trace.
        assertThat(MDC.get("traceId")).isNull();
    }
}
