package io.cardledger.ingest.web;

/**
 * A webhook refused before anything was written. The detail is shown to the caller, so it never
 * quotes the body (which may hold the password).
 */
public class WebhookRejectedException extends RuntimeException {
    private final Rejection rejection;

    public WebhookRejectedException(Rejection rejection, String detail) {
        super(detail, null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
