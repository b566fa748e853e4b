package io.cardledger.ingest.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.ingest.notification.NotificationIntake.AcceptedNotification;
import io.cardledger.ingest.publish.DurablePublisher;
import io.cardledger.ingest.publish.TraceParent;
import io.cardledger.ingest.web.BoundedBody;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.WebhookRejectedException;
import io.cardledger.support.Problems;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The issuer's transaction notification webhook, {@code POST /webhooks/paycaddy/notifications}.
 * Answers 200 only once the notification is durably in the raw log; every refusal writes nothing.
 *
 * <p>A plain asynchronous servlet rather than a Spring MVC controller: this is the one endpoint
 * that takes the issuer's full traffic, and a profile showed ~70 % of the request threads' CPU in
 * Spring MVC's machinery around the handler (handler lookup, argument resolution, return-value
 * handling, message converters, and a second pass through the {@code DispatcherServlet} to write
 * the {@code CompletableFuture}'s result). Here the request thread reads, validates and hands the
 * record to the producer, then returns to the pool; the producer's acknowledgement writes the
 * answer and completes the request, with no second dispatch. Everything else (KYC, actuator,
 * unknown routes) stays on Spring MVC.
 *
 * <p>The body is read as bytes, not bound, so the size limit holds on what is actually read and
 * the stored body keeps every field the issuer sent, known or not. Any Content-Type is accepted:
 * a header the issuer gets wrong must never cost a notification (it would retry a 415 forever).
 */
public class NotificationServlet extends HttpServlet {
    public static final String PATH = "/webhooks/paycaddy/notifications";
    private static final Logger log = LoggerFactory.getLogger(NotificationServlet.class);
    private static final String JSON = "application/json";
    private static final byte[] STORED_PREFIX = "{\"notificationId\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STORED_SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);

    private final transient NotificationIntake intake;
    private final transient DurablePublisher publisher;
    private final transient NotificationMetrics metrics;
    /** Spring's own mapper (it knows ProblemDetail's JSON shape); only used on the rare error paths. */
    private final transient ObjectMapper problems;
    private final int maxBodyBytes;

    public NotificationServlet(NotificationIntake intake, DurablePublisher publisher, NotificationMetrics metrics,
                               ObjectMapper problems, int maxBodyBytes) {
        this.intake = intake;
        this.publisher = publisher;
        this.metrics = metrics;
        this.problems = problems;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        boolean answerLater = false;
        try {
            answerLater = handle(request, response, started);
        } finally {
            if (!answerLater) {
                metrics.httpRequest(request.getMethod(), response.getStatus(), System.nanoTime() - started);
            }
        }
    }

    /** @return true when the answer is left to the producer's acknowledgement */
    private boolean handle(HttpServletRequest request, HttpServletResponse response, long started) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "POST");
            writeProblem(request, response, Problems.response(Problems.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                    "Method not allowed: webhooks are delivered with POST",
                    "Request method '" + request.getMethod() + "' is not supported; use POST")));
            return false;
        }
        AcceptedNotification accepted;
        try {
            byte[] body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
            accepted = intake.accept(body);
        } catch (WebhookRejectedException e) {
            rejected(request, response, e);
            return false;
        } catch (RuntimeException e) {
            log.error("Unexpected failure handling a request ({})", e.getClass().getName());
            writeProblem(request, response, Problems.response(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                    "Internal error, nothing was stored", "The request could not be processed; it is safe to retry")));
            return false;
        }
        AsyncContext async = request.startAsync();
        // The publish future always completes (acknowledged, failed or timed out after publish-timeout),
        // so the container's own async timeout must not answer first.
        async.setTimeout(0);
        publisher.publish(Topics.RAW_NOTIFICATIONS, accepted.key(), accepted.payload(),
                        TraceParent.continueOrStart(request.getHeader(TraceParent.HEADER)))
                .whenComplete((stored, error) -> answer(async, accepted, error, started));
        return true;
    }

    /** Runs on the thread that completed the publish (normally the producer's I/O thread): keep it short. */
    private void answer(AsyncContext async, AcceptedNotification accepted, Throwable error, long started) {
        int status = HttpServletResponse.SC_OK;
        try {
            HttpServletRequest request = (HttpServletRequest) async.getRequest();
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            if (error != null) {
                metrics.rejected(accepted.kind().family(), Rejection.KAFKA_UNAVAILABLE);
                status = Rejection.KAFKA_UNAVAILABLE.status().value();
                log.warn("Notification {} ({}) not stored, answering 503: {}", accepted.notificationId(),
                        accepted.kind().family(), error.getMessage());
                writeProblem(request, response, Rejection.KAFKA_UNAVAILABLE.response(
                        "Notification " + accepted.notificationId() + " was not stored; send it again"));
                return;
            }
            metrics.accepted(accepted.kind());
            log.debug("Notification {} ({}) stored", accepted.notificationId(), accepted.kind().family());
            // The id is "n-" and hex digits: nothing to escape.
            byte[] id = accepted.notificationId().getBytes(StandardCharsets.US_ASCII);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(JSON);
            response.setContentLength(STORED_PREFIX.length + id.length + STORED_SUFFIX.length);
            var out = response.getOutputStream();
            out.write(STORED_PREFIX);
            out.write(id);
            out.write(STORED_SUFFIX);
        } catch (IOException | RuntimeException e) {
            // The caller went away or the response broke; it was stored (or not) all the same, and the
            // issuer's retry carries the same id.
            log.debug("Could not write the answer for notification {}: {}", accepted.notificationId(), e.toString());
        } finally {
            // Recorded before complete(): once the caller has its answer, the metric must show it.
            metrics.httpRequest("POST", status, System.nanoTime() - started);
            async.complete();
        }
    }

    private void rejected(HttpServletRequest request, HttpServletResponse response, WebhookRejectedException e)
            throws IOException {
        String kind = e instanceof NotificationRejectedException n ? n.kindFamily() : NotificationMetrics.NO_KIND;
        metrics.rejected(kind, e.rejection());
        log.info("Notification refused with {}: reason={} kind={} detail={}", e.rejection().status().value(),
                e.rejection().tag(), kind, e.getMessage());
        writeProblem(request, response, e.rejection().response(e.getMessage()));
    }

    /** Writes a problem+json answer shaped exactly as Spring MVC writes one (instance = request path). */
    private void writeProblem(HttpServletRequest request, HttpServletResponse response, ResponseEntity<Object> entity)
            throws IOException {
        ProblemDetail problem = (ProblemDetail) entity.getBody();
        if (problem != null && problem.getInstance() == null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        byte[] body = problems.writeValueAsBytes(problem);
        response.setStatus(entity.getStatusCode().value());
        for (Map.Entry<String, List<String>> header : entity.getHeaders().headerSet()) {
            for (String value : header.getValue()) {
                response.addHeader(header.getKey(), value);
            }
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
