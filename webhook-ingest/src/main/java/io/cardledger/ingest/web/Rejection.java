package io.cardledger.ingest.web;

import io.cardledger.support.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Why a webhook was not accepted. The {@link #tag()} is the metric tag value, so it is a short
 * fixed word; the {@link #slug()} names the problem type (docs/problems.md); the title tells the
 * caller what to change.
 */
public enum Rejection {
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "webhook-unauthorized", "Webhook credentials missing or wrong"),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "malformed_json", "malformed-json", "Request body is not a JSON object"),
    INVALID_FIELD(HttpStatus.BAD_REQUEST, "invalid_field", "invalid-field", "A required field is missing or unreadable"),
    BODY_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "body_too_large", "body-too-large", "Request body exceeds the size limit"),
    KAFKA_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "kafka_unavailable", "not-stored",
            "Not stored: the event log did not acknowledge in time, retry later");

    /** The issuer retries on its own schedule; this is a hint for any other caller. */
    static final String RETRY_AFTER_SECONDS = "5";

    private final HttpStatus status;
    private final String tag;
    private final String slug;
    private final String title;

    Rejection(HttpStatus status, String tag, String slug, String title) {
        this.status = status;
        this.tag = tag;
        this.slug = slug;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String tag() {
        return tag;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public ProblemDetail problem(String detail) {
        return Problems.of(status, slug, title, detail);
    }

    /** As a problem+json response, with Retry-After where a retry is the answer. */
    public ResponseEntity<Object> response(String detail) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (this == KAFKA_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.body(problem(detail));
    }
}
