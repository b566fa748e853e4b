package io.cardledger.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WebhookIngestApplication {
    public static void main(String[] args) {
        SpringApplication.run(WebhookIngestApplication.class, args);
    }
}
