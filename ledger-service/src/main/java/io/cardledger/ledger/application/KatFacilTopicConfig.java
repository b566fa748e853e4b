package io.cardledger.ledger.application;

import io.cardledger.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The KatFacil topic this service reads, created up front like the raw-notification topic (whoever starts first). */
@Configuration
class KatFacilTopicConfig {
    @Bean
    NewTopic katFacilEventsTopic(@Value("${cardledger.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.KATFACIL_EVENTS).partitions(partitions).replicas(1).configs(Topics.KEEP_FOREVER).build();
    }
}
