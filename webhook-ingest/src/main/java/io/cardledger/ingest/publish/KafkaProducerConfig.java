package io.cardledger.ingest.publish;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/** The one producer of this service. Boot's ProducerFactory carries acks=all and idempotence from application.yml. */
@Configuration
class KafkaProducerConfig {
    @Bean
    KafkaTemplate<String, byte[]> kafkaTemplate(ProducerFactory<String, byte[]> producers) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(producers);
        // DurablePublisher times every send itself (cardledger.ingest.kafka.publish); a second
        // per-send timer would only cost CPU on the hot path.
        template.setMicrometerEnabled(false);
        return template;
    }
}
