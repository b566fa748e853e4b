package io.cardledger.ledger.parking;

import io.cardledger.ledger.application.KatFacilEventConsumer;
import io.cardledger.ledger.application.RawNotificationConsumer;
import io.cardledger.support.parking.FailureKinds;
import io.cardledger.support.parking.ParkedRecord;
import io.cardledger.support.parking.ParkedRecords;
import io.cardledger.support.parking.ParkedRecordsApi;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger's parked raw notifications; a re-drive applies the stored record as the consumer would,
 * with the record's {@code traceparent} when it had one.
 */
@RestController
@RequestMapping("/api/v1/analyst/parked")
public class LedgerParkedRecordsApi extends ParkedRecordsApi {
    private final RawNotificationConsumer consumer;
    private final KatFacilEventConsumer katFacil;

    public LedgerParkedRecordsApi(ParkedRecords parked, FailureKinds kinds, RawNotificationConsumer consumer,
                                  KatFacilEventConsumer katFacil) {
        super(parked, kinds);
        this.consumer = consumer;
        this.katFacil = katFacil;
    }

    @Override
    protected void redrive(ParkedRecord record) throws Exception {
        if (ParkingConfig.KATFACIL.equals(record.consumer())) {
            katFacil.redrive(record.payload(), record.traceparent());
        } else {
            consumer.redrive(record.payload(), record.traceparent());
        }
    }
}
