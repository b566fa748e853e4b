package io.cardledger.ingest.katfacil;

import io.cardledger.events.Topics;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.text.TextSafety;
import io.cardledger.ingest.IngestProperties;
import io.cardledger.ingest.katfacil.KatFacilIntake.AcceptedEvent;
import io.cardledger.ingest.publish.DurablePublisher;
import io.cardledger.ingest.publish.TraceParent;
import io.cardledger.ingest.web.BoundedBody;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.WebhookRejectedException;
import io.cardledger.support.edge.EdgeRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * KatFacil's webhook, {@code POST /webhooks/katfacil}: authenticated by a shared secret sent as
 * {@code Authorization: Bearer <secret>} (and, when configured, an HMAC-SHA256 signature of the body),
 * answered 200 only once the event is durably on {@code cardledger.katfacil-events.v1} (acks=all),
 * exactly as PayCaddy's notifications. Any Content-Type is accepted, as for PayCaddy: a header the
 * issuer gets wrong must never cost an event. The secret is checked before the body is read.
 *
 * <p>Spring MVC rather than a servlet of its own: KatFacil delivers a card's lifecycle events, not a
 * network's transaction stream, so this path does not need the PayCaddy servlet's fast path.
 */
@RestController
class KatFacilWebhookController {
    private static final Logger log = LoggerFactory.getLogger(KatFacilWebhookController.class);

    private final KatFacilIntake intake;
    private final DurablePublisher publisher;
    private final String signatureHeader;
    private final MeterRegistry meters;
    private final Map<KatFacilEventKind, Counter> accepted = new EnumMap<>(KatFacilEventKind.class);
    private final int maxBodyBytes;

    KatFacilWebhookController(KatFacilIntake intake, KatFacilProperties properties, IngestProperties ingest,
                              DurablePublisher publisher, MeterRegistry meters) {
        this.intake = intake;
        this.publisher = publisher;
        this.signatureHeader = properties.signatureHeader();
        this.meters = meters;
        this.maxBodyBytes = ingest.maxBodyBytes();
        for (KatFacilEventKind kind : KatFacilEventKind.values()) {
            accepted.put(kind, Counter.builder("cardledger.ingest.katfacil.accepted")
                    .description("KatFacil events acknowledged by Kafka and answered 200; kind unrecognised = kept but unknown")
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(meters));
        }
    }

    @PostMapping(path = EdgeRules.KATFACIL_WEBHOOK)
    CompletableFuture<ResponseEntity<Object>> receive(HttpServletRequest request) throws IOException {
        intake.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        byte[] body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
        if (!signatureHeader.isEmpty()) {
            intake.verifySignature(request.getHeader(signatureHeader), body);
        }
        AcceptedEvent event = intake.accept(body);
        KatFacilEvent typed = event.raw().event();
        String key = event.raw().eventKey();
        return publisher.publish(Topics.KATFACIL_EVENTS, event.key(), event.payload(),
                TraceParent.continueOrStart(request.getHeader(TraceParent.HEADER))).handle((stored, error) -> {
            if (error != null) {
                rejectedCounter(Rejection.KAFKA_UNAVAILABLE).increment();
                log.warn("KatFacil event {} not stored, answering 503: {}", key, error.getMessage());
                return Rejection.KAFKA_UNAVAILABLE.response("KatFacil event " + key + " was not stored; send it again");
            }
            accepted.get(typed.kind()).increment();
            boolean recognised = typed.kind() != KatFacilEventKind.UNRECOGNISED;
            if (recognised) {
                log.info("KatFacil event {} stored: kind={} amountReading={}", key, typed.kind(), typed.amountReading());
            } else {
                // The name is the issuer's text: cleaned and bounded before it reaches a log line.
                log.warn("KatFacil event {} stored but not recognised: event name \"{}\" is mapped to no kind; it is kept and "
                        + "moves nothing", key, TextSafety.bounded(TextSafety.clean(typed.eventName()), 80));
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(new Stored(key, typed.eventName(), typed.kind().name(), recognised, typed.cardId()));
        });
    }

    @ExceptionHandler(WebhookRejectedException.class)
    ResponseEntity<Object> rejected(WebhookRejectedException e) {
        rejectedCounter(e.rejection()).increment();
        log.info("KatFacil webhook refused with {}: reason={} detail={}", e.rejection().status().value(), e.rejection().tag(),
                e.getMessage());
        return e.rejection().response(e.getMessage());
    }

    private Counter rejectedCounter(Rejection reason) {
        return Counter.builder("cardledger.ingest.katfacil.rejected")
                .description("KatFacil webhooks answered with an error and not stored")
                .tag("reason", reason.tag()).register(meters);
    }

    /** @param recognised false when the event name maps to no kind: kept, reported, moves nothing */
    record Stored(String eventKey, String event, String kind, boolean recognised, String cardId) {
    }
}
