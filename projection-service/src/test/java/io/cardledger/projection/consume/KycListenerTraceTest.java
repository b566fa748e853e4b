package io.cardledger.projection.consume;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cardledger.events.Topics;
import io.cardledger.events.trace.TraceParent;
import io.cardledger.projection.read.kyc.KycProjection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An unreadable KYC report is logged with the trace id of the webhook call that sent it (ADR 0012). */
class KycListenerTraceTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(KycListener.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void anUnreadableReportIsLoggedWithItsTraceIdAndAnUntracedOneWithout() {
        KycListener listener = new KycListener(Mockito.mock(KycProjection.class), new ProjectionMetrics(new SimpleMeterRegistry()));
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        ConsumerRecord<String, byte[]> traced = new ConsumerRecord<>(Topics.KYC, 0, 7, "u-1", "{not json".getBytes(StandardCharsets.UTF_8));
        traced.headers().add(TraceParent.HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
        ConsumerRecord<String, byte[]> untraced = new ConsumerRecord<>(Topics.KYC, 0, 8, "u-2", "{}".getBytes(StandardCharsets.UTF_8));
        untraced.headers().add(TraceParent.HEADER, "00-zz".getBytes(StandardCharsets.US_ASCII));

        listener.onPoll(List.of(traced, untraced));

        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(0).getFormattedMessage()).contains("Skipped unreadable KYC report at " + Topics.KYC + "-0@7");
        assertThat(lines.list.get(0).getMDCPropertyMap()).containsEntry(TraceLogging.KEY, "4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(lines.list.get(1).getMDCPropertyMap()).doesNotContainKey(TraceLogging.KEY);
    }
}
