package io.cardledger.ingest.chargeback;

import io.cardledger.events.Topics;
import io.cardledger.ingest.IngestProperties;
import io.cardledger.ingest.publish.DurablePublisher;
import io.cardledger.ingest.web.BoundedBody;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.SharedSecret;
import io.cardledger.ingest.web.WebhookRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The issuer's chargeback webhook (issue 21): 200 only once the report is durably in Kafka
 * ({@code cardledger.chargebacks.v1}, key cardId), 503 when Kafka did not acknowledge (the issuer
 * sends it again; the report's id makes that harmless), problem+json 4xx for anything refused, which
 * is stored nowhere.
 */
@RestController
class ChargebackWebhookController {
    private static final Logger log = LoggerFactory.getLogger(ChargebackWebhookController.class);

    private final ChargebackIntake intake;
    private final DurablePublisher publisher;
    private final MeterRegistry meters;
    private final Counter accepted;
    private final int maxBodyBytes;

    ChargebackWebhookController(IngestProperties properties, Clock clock, DurablePublisher publisher, MeterRegistry meters) {
        this.intake = new ChargebackIntake(new SharedSecret(properties.webhookPassword(), properties.previousWebhookPassword()),
                properties.scrubber(), clock);
        this.publisher = publisher;
        this.meters = meters;
        this.accepted = Counter.builder("cardledger.ingest.chargebacks.accepted")
                .description("Chargeback webhooks acknowledged by Kafka and answered 200").register(meters);
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    @PostMapping(path = "/webhooks/paycaddy/chargebacks", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    CompletableFuture<ResponseEntity<Object>> receive(HttpServletRequest request) throws IOException {
        byte[] body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
        ChargebackIntake.Accepted report = intake.accept(body);
        String id = report.report().reportId();
        return publisher.publish(Topics.CHARGEBACKS, report.report().cardId(), report.payload()).handle((stored, error) -> {
            if (error != null) {
                rejectedCounter(Rejection.KAFKA_UNAVAILABLE).increment();
                log.warn("Chargeback report {} not stored, answering 503: {}", id, error.getMessage());
                return Rejection.KAFKA_UNAVAILABLE.response("Chargeback report " + id + " was not stored; send it again");
            }
            accepted.increment();
            log.info("Chargeback report {} stored: status={}", id, report.report().status());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new Stored(id));
        });
    }

    @ExceptionHandler(WebhookRejectedException.class)
    ResponseEntity<Object> rejected(WebhookRejectedException e) {
        rejectedCounter(e.rejection()).increment();
        log.info("Chargeback webhook refused with {}: reason={} detail={}", e.rejection().status().value(), e.rejection().tag(),
                e.getMessage());
        return e.rejection().response(e.getMessage());
    }

    private Counter rejectedCounter(Rejection reason) {
        return Counter.builder("cardledger.ingest.chargebacks.rejected")
                .description("Chargeback webhooks answered with an error and not stored")
                .tag("reason", reason.tag()).register(meters);
    }

    record Stored(String reportId) {
    }
}
