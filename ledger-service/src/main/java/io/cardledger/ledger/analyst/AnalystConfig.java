package io.cardledger.ledger.analyst;

import io.cardledger.ledger.application.LedgerEventPublisher;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The analyst's own pool, on the ledger's database, and which tracking processor keeps the
 * anomalies projection. The pool logs in as {@code cardledger.analyst.datasource.username} when it
 * is set (in every deployment: the read-only role {@code ledger_analyst} of deploy/postgres-init.sql),
 * else with the ledger's own credentials (the local stack and tests, which have one superuser).
 */
@Configuration(proxyBeanMethods = false)
public class AnalystConfig {

    @Bean
    public AnalystDatabase analystDatabase(DataSourceProperties dataSource,
                                           @Value("${cardledger.analyst.pool.maximum-size:3}") int maximumPoolSize,
                                           @Value("${cardledger.analyst.statement-timeout:10s}") Duration statementTimeout,
                                           @Value("${cardledger.analyst.pool.connection-timeout:2s}") Duration connectionTimeout,
                                           @Value("${cardledger.analyst.datasource.username:}") String username,
                                           @Value("${cardledger.analyst.datasource.password:}") String password) {
        boolean ownRole = !username.isBlank();
        return new AnalystDatabase(dataSource.determineUrl(), ownRole ? username : dataSource.determineUsername(),
                ownRole ? password : dataSource.determinePassword(), maximumPoolSize, statementTimeout, connectionTimeout);
    }

    /**
     * The anomalies projection has no processor of its own: its processing group is handled by the
     * outbox's tracking processor ("ledger-publisher"), so each stored event is read from PostgreSQL
     * once, and each batch's anomaly rows are written in the transaction that stores the outbox's
     * token (ADR 0006). A second processor read the whole store again: ~20 us of CPU per notification.
     */
    @Autowired
    public void anomaliesInTheOutbox(EventProcessingConfigurer processing) {
        processing.assignProcessingGroup(AnomalyProjection.PROCESSING_GROUP, LedgerEventPublisher.PROCESSING_GROUP);
    }
}
