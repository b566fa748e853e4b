package io.cardledger.projection.read.balance;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * The in-memory balance copy and the feed that keeps it in step ({@link BalanceCache},
 * {@link BalanceChangeFeed}). With {@code cardledger.projection.balance-cache.enabled=false} the copy
 * never answers and every read goes to the database.
 */
@Configuration
class BalanceCacheConfig {

    @Bean
    BalanceCache balanceCache(@Value("${cardledger.projection.balance-cache.max-entries:200000}") int maxEntries,
                              @Value("${cardledger.projection.balance-cache.trust-millis:500}") long trustMillis) {
        return new BalanceCache(maxEntries, TimeUnit.MILLISECONDS.toNanos(trustMillis));
    }

    @Bean
    SmartLifecycle balanceChangeFeed(BalanceCache cache, DataSourceProperties dataSource,
                                     @Value("${cardledger.projection.balance-cache.enabled:true}") boolean enabled,
                                     @Value("${cardledger.projection.balance-cache.confirm-millis:100}") long confirmMillis) {
        return new SmartLifecycle() {
            private BalanceChangeFeed feed;
            private Thread thread;

            @Override
            public synchronized void start() {
                if (!enabled) {
                    return;
                }
                feed = new BalanceChangeFeed(cache, dataSource.determineUrl(), dataSource.determineUsername(),
                        dataSource.determinePassword(), confirmMillis);
                thread = new Thread(feed, "balance-feed");
                thread.setDaemon(true);
                thread.start();
            }

            @Override
            public synchronized void stop() {
                if (feed != null) {
                    feed.stop();
                    try {
                        thread.join(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    feed = null;
                }
                cache.distrust();
            }

            @Override
            public synchronized boolean isRunning() {
                return feed != null;
            }
        };
    }
}
