package io.cardledger.ingest;

import io.cardledger.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Topics this service writes, created up front so the first publish never waits on metadata. */
@Configuration
class TopicsConfig {
    @Bean
    NewTopic rawNotificationsTopic(@Value("${cardledger.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.RAW_NOTIFICATIONS).partitions(partitions).replicas(1).configs(Topics.KEEP_FOREVER).build();
    }

    /** Issue 21: the issuer's chargeback reports, read by the ledger. */
    @Bean
    NewTopic chargebacksTopic(@Value("${cardledger.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.CHARGEBACKS).partitions(partitions).replicas(1).configs(Topics.KEEP_FOREVER).build();
    }

    @Bean
    NewTopic kycTopic(@Value("${cardledger.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.KYC).partitions(partitions).replicas(1).configs(Topics.KEEP_FOREVER).build();
    }
}
