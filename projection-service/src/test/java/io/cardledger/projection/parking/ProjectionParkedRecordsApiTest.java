package io.cardledger.projection.parking;

import io.cardledger.events.Topics;
import io.cardledger.events.trace.TraceParent;
import io.cardledger.projection.consume.CapturingApplier;
import io.cardledger.support.parking.FailureKinds;
import io.cardledger.support.parking.ParkedRecord;
import io.cardledger.support.parking.ParkedRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A re-drive hands the applier the parked record as it was consumed, with its traceparent header, so the
 * re-driven event's lines carry the webhook's trace id as a consumed one's do (TransactionTraceIdIT).
 * (Re-driving into the shared database would leave the live read models ahead of the topic, which
 * RebuildIT compares them with.)
 */
class ProjectionParkedRecordsApiTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final CapturingApplier applier = new CapturingApplier();
    private final List<ConsumerRecord<String, byte[]>> applied = applier.applied;
    private final ProjectionParkedRecordsApi api = new ProjectionParkedRecordsApi(new ParkedRecords(null, null), new FailureKinds(), applier);

    @Test
    void aReDriveCarriesTheParkedRecordsTraceparentAndPosition() {
        api.redrive(parked(TRACEPARENT));

        ConsumerRecord<String, byte[]> record = applied.get(0);
        assertThat(record.topic()).isEqualTo(Topics.LEDGER_EVENTS);
        assertThat(record.partition()).isEqualTo(2);
        assertThat(record.offset()).isEqualTo(41L);
        assertThat(record.key()).isEqualTo("w-1");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{}");
        Header header = record.headers().lastHeader(TraceParent.HEADER);
        assertThat(TraceParent.traceId(TraceParent.fromHeader(header.value()))).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aRecordParkedWithoutOneIsReDrivenWithoutOne() {
        api.redrive(parked(null));

        assertThat(applied.get(0).headers().lastHeader(TraceParent.HEADER)).isNull();
    }

    private static ParkedRecord parked(String traceparent) {
        return new ParkedRecord(7, "projection", Topics.LEDGER_EVENTS, 2, 41, "w-1", "{}".getBytes(StandardCharsets.UTF_8),
                "a bug since fixed", "java.lang.IllegalStateException", "x", Instant.EPOCH, ParkedRecord.PARKED, null, traceparent);
    }
}
