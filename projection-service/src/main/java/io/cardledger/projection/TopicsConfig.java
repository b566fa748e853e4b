package io.cardledger.projection;

import io.cardledger.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Topics this service reads, created up front so the first publish never waits on metadata. */
@Configuration
class TopicsConfig {
    @Bean
    NewTopic ledgerEventsTopic(@Value("${cardledger.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.LEDGER_EVENTS).partitions(partitions).replicas(1).configs(Topics.KEEP_FOREVER).build();
    }

    @Bean
    NewTopic kycTopic(@Value("${cardledger.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.KYC).partitions(partitions).replicas(1).configs(Topics.KEEP_FOREVER).build();
    }
}
