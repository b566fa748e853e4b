package io.cardledger.ingest.notification;

import io.cardledger.ingest.IngestProperties;
import io.cardledger.ingest.web.SharedSecret;
import io.cardledger.support.RequiredSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

@Configuration
class NotificationIntakeConfig {
    private static final Logger log = LoggerFactory.getLogger(NotificationIntakeConfig.class);

    @Bean
    NotificationIntake notificationIntake(IngestProperties properties, Clock clock, Environment environment) {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("cardledger.ingest.webhook-password (PAYCADDY_WEBHOOK_PASSWORD)", properties.webhookPassword());
        secrets.put("cardledger.ingest.kyc-secret (PAYCADDY_KYC_SECRET)", properties.kycSecret());
        RequiredSecrets.check(environment, secrets);
        SharedSecret password = new SharedSecret(properties.webhookPassword(), properties.previousWebhookPassword());
        if (!password.configured()) {
            log.warn("cardledger.ingest.webhook-password (PAYCADDY_WEBHOOK_PASSWORD) is empty: every notification will be refused with 401");
        }
        if (!properties.previousWebhookPassword().isEmpty()) {
            log.info("Webhook password rotation in progress: the current and the previous password are both accepted");
        }
        return new NotificationIntake(password, properties.scrubber(), clock);
    }
}
