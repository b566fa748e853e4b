package io.cardledger.ingest.chargeback;

import io.cardledger.events.Topics;
import io.cardledger.ingest.IngestProperties;
import io.cardledger.ingest.publish.DurablePublisher;
import io.cardledger.ingest.publish.TraceParent;
import io.cardledger.ingest.web.BoundedBody;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.SharedSecret;
import io.cardledger.ingest.web.WebhookRejectedException;
import io.micrometer.core.instrument.Counter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Issuer webhooks")
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

    @Operation(summary = "The issuer's chargeback status webhook",
            description = "Authenticated like the notifications: the body's password. Tolerant, since the issuer documents "
                    + "no schema: c2CardId or cardId; transactionId, numeroidentificativoTransaction or a c11... field; "
                    + "status or ChargeBackStatus; an optional amount in minor units. The body is kept (password and card "
                    + "data removed). 200 only once the report is on Kafka; a WON status credits the amount once.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = """
                            {"password":"<enlisted webhook password>","c2CardId":"c-1",
                            "c11NumeroIdentificativoTransaccion":"000004339","ChargeBackStatus":"Won","amount":1617}"""))),
            responses = {
                    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                            examples = @ExampleObject(value = "{\"reportId\":\"cb-5d41402abc4b2a76b9719d911017c592\"}"))),
                    @ApiResponse(responseCode = "400", description = "Not JSON, or a required field missing or unreadable",
                            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(value = """
                                    {"type":"https://cardledger.io/problems/invalid-field","title":"A required field is missing or unreadable",
                                    "status":400,"detail":"status (or chargeBackStatus) is required: 1-64 characters",
                                    "instance":"/webhooks/paycaddy/chargebacks"}"""))),
                    @ApiResponse(responseCode = "401", description = "Webhook credentials missing or wrong",
                            content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "413", description = "Request body exceeds the size limit",
                            content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "503", description = "Not stored: Kafka did not acknowledge in time; send it again",
                            content = @Content(mediaType = "application/problem+json"))})
    @PostMapping(path = "/webhooks/paycaddy/chargebacks", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    CompletableFuture<ResponseEntity<Object>> receive(HttpServletRequest request) throws IOException {
        byte[] body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
        ChargebackIntake.Accepted report = intake.accept(body);
        String id = report.report().reportId();
        return publisher.publish(Topics.CHARGEBACKS, report.report().cardId(), report.payload(),
                TraceParent.continueOrStart(request.getHeader(TraceParent.HEADER))).handle((stored, error) -> {
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
