package io.cardledger.ledger.parking;

import io.cardledger.ledger.application.RawNotificationConsumer;
import io.cardledger.support.parking.FailureKinds;
import io.cardledger.support.parking.ParkedRecord;
import io.cardledger.support.parking.ParkedRecords;
import io.cardledger.support.parking.ParkedRecordsApi;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The ledger's parked raw notifications; a re-drive applies the stored record as the consumer would. */
@RestController
@RequestMapping("/api/v1/analyst/parked")
public class LedgerParkedRecordsApi extends ParkedRecordsApi {
    private final RawNotificationConsumer consumer;

    public LedgerParkedRecordsApi(ParkedRecords parked, FailureKinds kinds, RawNotificationConsumer consumer) {
        super(parked, kinds);
        this.consumer = consumer;
    }

    @Override
    protected void redrive(ParkedRecord record) throws Exception {
        consumer.redrive(record.payload());
    }
}
