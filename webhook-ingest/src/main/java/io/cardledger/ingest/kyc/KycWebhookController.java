package io.cardledger.ingest.kyc;

import io.cardledger.events.Topics;
import io.cardledger.ingest.IngestProperties;
import io.cardledger.ingest.kyc.KycIntake.AcceptedKyc;
import io.cardledger.ingest.publish.DurablePublisher;
import io.cardledger.ingest.publish.TraceParent;
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
 * The issuer's KYC status webhook, authenticated by a shared secret in {@code X-Webhook-Secret}.
 * The secret is checked before the body is read, so an unauthenticated caller costs nothing.
 */
@RestController
class KycWebhookController {
    static final String SECRET_HEADER = "X-Webhook-Secret";
    private static final Logger log = LoggerFactory.getLogger(KycWebhookController.class);

    private final SharedSecret secret;
    private final KycIntake intake;
    private final DurablePublisher publisher;
    private final MeterRegistry meters;
    private final Counter accepted;
    private final int maxBodyBytes;

    KycWebhookController(IngestProperties properties, Clock clock, DurablePublisher publisher, MeterRegistry meters) {
        this.secret = new SharedSecret(properties.kycSecret());
        if (!secret.configured()) {
            log.warn("cardledger.ingest.kyc-secret (PAYCADDY_KYC_SECRET) is empty: every KYC webhook will be refused with 401");
        }
        this.intake = new KycIntake(properties.scrubber(), clock);
        this.publisher = publisher;
        this.meters = meters;
        this.accepted = Counter.builder("cardledger.ingest.kyc.accepted")
                .description("KYC webhooks acknowledged by Kafka and answered 200").register(meters);
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    @PostMapping(path = "/webhooks/paycaddy/kyc", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    CompletableFuture<ResponseEntity<Object>> receive(HttpServletRequest request) throws IOException {
        String presented = request.getHeader(SECRET_HEADER);
        if (!secret.matches(presented)) {
            throw new WebhookRejectedException(Rejection.UNAUTHORIZED, presented == null
                    ? "The " + SECRET_HEADER + " header is missing; send the KYC webhook secret agreed with the issuer"
                    : "The " + SECRET_HEADER + " header does not match the configured KYC webhook secret");
        }
        byte[] body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
        AcceptedKyc kyc = intake.accept(body);
        String id = kyc.event().notificationId();
        return publisher.publish(Topics.KYC, kyc.event().userId(), kyc.payload(),
                TraceParent.continueOrStart(request.getHeader(TraceParent.HEADER))).handle((stored, error) -> {
            if (error != null) {
                rejectedCounter(Rejection.KAFKA_UNAVAILABLE).increment();
                log.warn("KYC status {} not stored, answering 503: {}", id, error.getMessage());
                return Rejection.KAFKA_UNAVAILABLE.response("KYC status " + id + " was not stored; send it again");
            }
            accepted.increment();
            log.info("KYC status {} stored: status={}", id, kyc.event().status());
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new Stored(id));
        });
    }

    @ExceptionHandler(WebhookRejectedException.class)
    ResponseEntity<Object> rejected(WebhookRejectedException e) {
        rejectedCounter(e.rejection()).increment();
        log.info("KYC webhook refused with {}: reason={} detail={}", e.rejection().status().value(), e.rejection().tag(),
                e.getMessage());
        return e.rejection().response(e.getMessage());
    }

    private Counter rejectedCounter(Rejection reason) {
        return Counter.builder("cardledger.ingest.kyc.rejected")
                .description("KYC webhooks answered with an error and not stored")
                .tag("reason", reason.tag()).register(meters);
    }

    record Stored(String notificationId) {
    }
}
