package io.cardledger.projection.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.Topics;
import io.cardledger.events.kyc.KycStatusReported;
import io.cardledger.events.trace.TraceParent;
import io.cardledger.projection.read.kyc.KycProjection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Feeds users' KYC reports to their read model. A consumer group of its own, so a rebalance of
 * the busy ledger topic never pauses it and the other way round.
 */
@Component
class KycListener {
    private static final Logger log = LoggerFactory.getLogger(KycListener.class);

    private final KycProjection projection;
    private final ProjectionMetrics metrics;
    private final ObjectMapper json = LedgerEventTypes.configure(new ObjectMapper());

    KycListener(KycProjection projection, ProjectionMetrics metrics) {
        this.projection = projection;
        this.metrics = metrics;
    }

    @KafkaListener(id = "kyc", topics = Topics.KYC, batch = "true", groupId = "${spring.kafka.consumer.group-id}-kyc")
    void onPoll(List<ConsumerRecord<String, byte[]>> records) {
        List<KycStatusReported> reports = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                KycStatusReported report = json.readValue(r.value(), KycStatusReported.class);
                if (report == null || report.userId() == null || report.userId().isBlank() || report.status() == null
                        || report.receivedAt() == null) {
                    throw new IllegalArgumentException("userId, status and receivedAt are required");
                }
                reports.add(report);
            } catch (Exception e) {
                metrics.skipped("unreadable");
                // with the webhook call's trace id (ingest's traceparent header, ADR 0012), when the record has one
                Header header = r.headers().lastHeader(TraceParent.HEADER);
                TraceLogging.during(header == null ? null : TraceParent.traceId(TraceParent.fromHeader(header.value())), () -> log.warn(
                        "Skipped unreadable KYC report at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage()));
            }
        }
        projection.apply(reports);
        reports.forEach(report -> metrics.applied(ProjectionMetrics.KYC_TYPE, report.receivedAt()));
    }
}
