package io.cardledger.ingest.notification;

import io.cardledger.ingest.IngestProperties;
import io.cardledger.ingest.web.SharedSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
class NotificationIntakeConfig {
    private static final Logger log = LoggerFactory.getLogger(NotificationIntakeConfig.class);

    @Bean
    NotificationIntake notificationIntake(IngestProperties properties, Clock clock) {
        SharedSecret password = new SharedSecret(properties.webhookPassword());
        if (!password.configured()) {
            log.warn("cardledger.ingest.webhook-password (PAYCADDY_WEBHOOK_PASSWORD) is empty: every notification will be refused with 401");
        }
        return new NotificationIntake(password, clock);
    }
}
