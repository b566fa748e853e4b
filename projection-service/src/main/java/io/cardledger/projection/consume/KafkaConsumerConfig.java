package io.cardledger.projection.consume;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration
class KafkaConsumerConfig {

    /**
     * Records that cannot be read are recorded and skipped inside the poll, so what reaches this
     * handler is the database failing (down, failover, a rebalance race on a position). Retrying
     * the whole poll for ever is right for a projection: giving up would leave a hole in every
     * read model, and the retries stop as soon as the database is back.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }
}
