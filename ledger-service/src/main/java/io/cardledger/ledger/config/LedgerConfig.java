package io.cardledger.ledger.config;

import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Clock;

@Configuration
public class LedgerConfig {
    /** Aggregates stay in memory between units of work, so a busy card is not re-read from the event store. */
    @Bean
    public Cache cardCache(@Value("${cardledger.ledger.cache.cards:100000}") int capacity) {
        return new BoundedAggregateCache(capacity);
    }

    @Bean
    public Cache walletCache(@Value("${cardledger.ledger.cache.wallets:100000}") int capacity) {
        return new BoundedAggregateCache(capacity);
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * A failed batch (database down, a deadlock lost to another writer) is retried, with growing
     * pauses, for as long as it takes: an issuer notification is a fact we may never drop.
     */
    @Bean
    public DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
