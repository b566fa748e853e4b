package io.cardledger.projection.parking;

import io.cardledger.support.parking.FailureKinds;
import io.cardledger.support.parking.ParkedRecords;
import io.cardledger.support.parking.PoisonSplitter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Parking of ledger events that fail on their own; see {@link PoisonSplitter}. */
@Configuration
public class ParkingConfig {
    /** The {@code consumer} column and metric tag of the ledger-events consumer's parked records. */
    public static final String PROJECTION = "projection";

    @Bean
    public FailureKinds failureKinds() {
        return new FailureKinds();
    }

    @Bean
    public PoisonSplitter poisonSplitter(FailureKinds kinds) {
        return new PoisonSplitter(kinds);
    }

    @Bean
    public ParkedRecords parkedRecords(JdbcTemplate jdbc, MeterRegistry metrics) {
        return new ParkedRecords(jdbc, metrics);
    }
}
