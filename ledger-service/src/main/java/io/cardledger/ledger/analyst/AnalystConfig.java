package io.cardledger.ledger.analyst;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The analyst's own pool (pointing at the ledger's database with the same credentials) and the
 * tracking processor that keeps the anomalies projection.
 */
@Configuration(proxyBeanMethods = false)
public class AnalystConfig {

    @Bean
    public AnalystDatabase analystDatabase(DataSourceProperties dataSource,
                                           @Value("${cardledger.analyst.pool.maximum-size:3}") int maximumPoolSize,
                                           @Value("${cardledger.analyst.statement-timeout:10s}") Duration statementTimeout,
                                           @Value("${cardledger.analyst.pool.connection-timeout:2s}") Duration connectionTimeout) {
        return new AnalystDatabase(dataSource.determineUrl(), dataSource.determineUsername(), dataSource.determinePassword(),
                maximumPoolSize, statementTimeout, connectionTimeout);
    }

    /**
     * "analyst-anomalies": one thread, one segment, its own token; behind the outbox, never in the
     * way of the consumers' transactions. It polls the store every {@code availability-millis} once caught up.
     */
    @Autowired
    public void anomalyProcessor(EventProcessingConfigurer processing,
                                 @Value("${cardledger.analyst.anomalies.batch-size:1000}") int batchSize,
                                 @Value("${cardledger.analyst.anomalies.availability-millis:200}") long availabilityMillis) {
        processing.registerTrackingEventProcessor(AnomalyProjection.PROCESSING_GROUP,
                org.axonframework.config.Configuration::eventStore,
                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        .andInitialSegmentsCount(1)
                        .andEventAvailabilityTimeout(availabilityMillis, TimeUnit.MILLISECONDS));
    }
}
