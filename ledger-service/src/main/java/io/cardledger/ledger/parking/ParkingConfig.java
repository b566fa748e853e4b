package io.cardledger.ledger.parking;

import io.cardledger.support.parking.FailureKinds;
import io.cardledger.support.parking.ParkedRecords;
import io.cardledger.support.parking.PoisonSplitter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.AxonTransientException;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Parking of raw notifications that fail on their own; see {@link PoisonSplitter}. */
@Configuration
public class ParkingConfig {
    /** The {@code consumer} column and metric tag of the raw-notification consumer's parked records. */
    public static final String LEDGER = "ledger";
    /** The same for the KatFacil events' consumer. */
    public static final String KATFACIL = "ledger-katfacil";

    /**
     * Besides the database's and the broker's own transient failures: another writer first
     * (ConcurrencyException, once LedgerOperations' own attempts are used up) and Axon's lock
     * deadlock detection between two of our threads.
     */
    @Bean
    public FailureKinds failureKinds() {
        return new FailureKinds(t -> t instanceof AxonTransientException || t instanceof ConcurrencyException || t instanceof DeadlockException
                || t instanceof LockAcquisitionFailedException);
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
