package io.cardledger.projection.parking;

import io.cardledger.events.trace.TraceParent;
import java.nio.charset.StandardCharsets;

import io.cardledger.projection.consume.ProjectionApplier;
import io.cardledger.support.parking.FailureKinds;
import io.cardledger.support.parking.ParkedRecord;
import io.cardledger.support.parking.ParkedRecords;
import io.cardledger.support.parking.ParkedRecordsApi;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The projection's parked ledger events. A re-drive applies the stored event through the live
 * apply path; when its aggregate's read models have moved past it since (the next event was
 * applied and recorded the gap), it is a no-op there as any redelivery, and a rebuild
 * ({@code analyst rebuild}) is what brings the event in.
 */
@RestController
@RequestMapping("/api/v1/analyst/parked")
public class ProjectionParkedRecordsApi extends ParkedRecordsApi {
    private final ProjectionApplier applier;

    public ProjectionParkedRecordsApi(ParkedRecords parked, FailureKinds kinds, ProjectionApplier applier) {
        super(parked, kinds);
        this.applier = applier;
    }

    @Override
    protected void redrive(ParkedRecord record) {
        ConsumerRecord<String, byte[]> redriven = new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
                record.key(), record.payload());
        if (record.traceparent() != null) {
            // the applier reads the trace from the header, as for a consumed record (docs/adr/0012-trace-context.md)
            redriven.headers().add(TraceParent.HEADER, record.traceparent().getBytes(StandardCharsets.US_ASCII));
        }
        applier.apply(List.of(redriven));
    }
}
