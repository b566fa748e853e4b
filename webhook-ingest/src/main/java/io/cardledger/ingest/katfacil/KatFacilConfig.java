package io.cardledger.ingest.katfacil;

import io.cardledger.events.Topics;
import io.cardledger.ingest.IngestProperties;
import io.cardledger.ingest.web.CardDataScrubber;
import io.cardledger.ingest.web.SharedSecret;
import io.cardledger.support.RequiredSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Configuration
class KatFacilConfig {
    private static final Logger log = LoggerFactory.getLogger(KatFacilConfig.class);

    @Bean
    KatFacilIntake katFacilIntake(KatFacilProperties properties, IngestProperties ingest, Clock clock, Environment environment) {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("cardledger.katfacil.secret (KATFACIL_WEBHOOK_SECRET)", properties.secret());
        if (!properties.signatureHeader().isEmpty()) {
            secrets.put("cardledger.katfacil.signature-secret (KATFACIL_SIGNATURE_SECRET)", properties.signatureSecret());
        }
        RequiredSecrets.check(environment, secrets);
        SharedSecret secret = new SharedSecret(properties.secret(), properties.previousSecret());
        if (!secret.configured()) {
            log.warn("cardledger.katfacil.secret (KATFACIL_WEBHOOK_SECRET) is empty: every KatFacil webhook will be refused with 401");
        }
        byte[] signatureKey = null;
        if (!properties.signatureHeader().isEmpty()) {
            if (properties.signatureSecret().isEmpty()) {
                // Local profile only (RequiredSecrets refuses to start elsewhere): an empty key would sign with "".
                throw new IllegalStateException("cardledger.katfacil.signature-header is set but signature-secret is empty");
            }
            signatureKey = properties.signatureSecret().getBytes(StandardCharsets.UTF_8);
        }
        // PayCaddy's scrub list (card data, passwords, tokens) plus KatFacil's OTPs and activation codes.
        List<String> keys = new ArrayList<>(ingest.scrubKeys());
        keys.addAll(properties.scrubKeys());
        return new KatFacilIntake(secret, signatureKey, properties.mapping(), new CardDataScrubber(keys, List.of()), clock);
    }

}
