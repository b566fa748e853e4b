package io.cardledger.ingest.web;

import org.springframework.http.HttpStatus;

/**
 * Why a webhook was not accepted. The {@link #tag()} is the metric tag value, so it is a short
 * fixed word; the title tells the caller what to change.
 */
public enum Rejection {
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Webhook credentials missing or wrong"),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "malformed_json", "Request body is not a JSON object"),
    INVALID_FIELD(HttpStatus.BAD_REQUEST, "invalid_field", "A required field is missing or unreadable"),
    BODY_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "body_too_large", "Request body exceeds the size limit"),
    KAFKA_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "kafka_unavailable", "Not stored: the event log did not acknowledge in time, retry later");

    private final HttpStatus status;
    private final String tag;
    private final String title;

    Rejection(HttpStatus status, String tag, String title) {
        this.status = status;
        this.tag = tag;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String tag() {
        return tag;
    }

    public String title() {
        return title;
    }
}
