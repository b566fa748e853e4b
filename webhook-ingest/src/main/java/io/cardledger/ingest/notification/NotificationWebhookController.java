package io.cardledger.ingest.notification;

import io.cardledger.events.Topics;
import io.cardledger.ingest.IngestProperties;
import io.cardledger.ingest.notification.NotificationIntake.AcceptedNotification;
import io.cardledger.ingest.publish.DurablePublisher;
import io.cardledger.ingest.web.BoundedBody;
import io.cardledger.ingest.web.Problems;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.WebhookRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The issuer's transaction notification webhook. Answers 200 only once the notification is
 * durably in the raw log; every refusal writes nothing.
 *
 * <p>The body is read as bytes, not bound by Spring, so the size limit holds on what is actually
 * read and the stored body keeps every field the issuer sent, known or not.
 */
@RestController
class NotificationWebhookController {
    private static final Logger log = LoggerFactory.getLogger(NotificationWebhookController.class);

    private final NotificationIntake intake;
    private final DurablePublisher publisher;
    private final NotificationMetrics metrics;
    private final int maxBodyBytes;

    NotificationWebhookController(NotificationIntake intake, DurablePublisher publisher, NotificationMetrics metrics,
                                  IngestProperties properties) {
        this.intake = intake;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    /**
     * Any Content-Type is accepted: the body is read as bytes and validated as JSON, so a header the
     * issuer gets wrong never costs us a notification (it would retry a 415 forever).
     */
    @PostMapping(path = "/webhooks/paycaddy/notifications")
    CompletableFuture<ResponseEntity<Object>> receive(HttpServletRequest request) throws IOException {
        byte[] body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
        AcceptedNotification accepted = intake.accept(body);
        return publisher.publish(Topics.RAW_NOTIFICATIONS, accepted.key(), accepted.payload())
                .handle((stored, error) -> {
                    if (error != null) {
                        metrics.rejected(accepted.kind().family(), Rejection.KAFKA_UNAVAILABLE);
                        log.warn("Notification {} ({}) not stored, answering 503: {}", accepted.notificationId(),
                                accepted.kind().family(), error.getMessage());
                        return Problems.of(Rejection.KAFKA_UNAVAILABLE,
                                "Notification " + accepted.notificationId() + " was not stored; send it again");
                    }
                    metrics.accepted(accepted.kind());
                    log.debug("Notification {} ({}) stored", accepted.notificationId(), accepted.kind().family());
                    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                            .body(new Stored(accepted.notificationId()));
                });
    }

    @ExceptionHandler(WebhookRejectedException.class)
    ResponseEntity<Object> rejected(WebhookRejectedException e) {
        String kind = e instanceof NotificationRejectedException n ? n.kindFamily() : NotificationMetrics.NO_KIND;
        metrics.rejected(kind, e.rejection());
        log.info("Notification refused with {}: reason={} kind={} detail={}", e.rejection().status().value(),
                e.rejection().tag(), kind, e.getMessage());
        return Problems.of(e.rejection(), e.getMessage());
    }

    /** The 200 body: the id under which the notification is stored; a redelivery gets the same one. */
    record Stored(String notificationId) {
    }
}
