package io.cardledger.ledger.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.events.chargeback.ChargebackReport;
import io.cardledger.ledger.parking.ParkingConfig;
import io.cardledger.support.parking.FailureKinds;
import io.cardledger.support.parking.ParkedRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Applies the issuer's chargeback reports (topic {@code cardledger.chargebacks.v1}, written by
 * webhook-ingest) one record per unit of work: they are few. A transient failure is thrown to the
 * container, which retries in order; a record that fails on its own is parked (consumer
 * {@code ledger-chargebacks}) and the partition goes on.
 */
@Component
public class ChargebackConsumer {
    public static final String PARKING_CONSUMER = "ledger-chargebacks";
    private static final Logger log = LoggerFactory.getLogger(ChargebackConsumer.class);

    private final CardAndCreditOperations operations;
    private final ObjectMapper json;
    private final ParkedRecords parked;
    private final FailureKinds kinds;

    public ChargebackConsumer(CardAndCreditOperations operations, ObjectMapper json, ParkedRecords parked, FailureKinds kinds) {
        this.operations = operations;
        this.json = json;
        this.parked = parked;
        this.kinds = kinds;
    }

    @KafkaListener(id = "ledger-chargebacks", topics = Topics.CHARGEBACKS, autoStartup = "${cardledger.ledger.consume:true}")
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        ChargebackReport report;
        try {
            report = record.value() == null ? null : json.readValue(record.value(), ChargebackReport.class);
            if (report == null || report.cardId() == null || report.cardId().isBlank() || report.reportId() == null) {
                throw new IOException("the record is not a chargeback report with a card id and a report id");
            }
        } catch (IOException | RuntimeException e) {
            parked.park(PARKING_CONSUMER, record, e);
            return;
        }
        try {
            operations.reportChargeback(report, Traced.of(record));
        } catch (RuntimeException e) {
            if (kinds.isTransient(e)) {
                log.warn("Chargeback report {} failed for a transient reason, retried: {}", report.reportId(), e.toString());
                throw e;
            }
            parked.park(PARKING_CONSUMER, record, e);
        }
    }
}
