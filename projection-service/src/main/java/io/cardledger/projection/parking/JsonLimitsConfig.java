package io.cardledger.projection.parking;

import io.cardledger.events.json.JsonLimits;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring's ObjectMapper (HTTP bodies, and whatever else uses it) reads within {@link JsonLimits#SERVICE}. */
@Configuration
public class JsonLimitsConfig {
    @Bean
    public Jackson2ObjectMapperBuilderCustomizer jsonLimits() {
        return builder -> builder.postConfigurer(JsonLimits::service);
    }
}
