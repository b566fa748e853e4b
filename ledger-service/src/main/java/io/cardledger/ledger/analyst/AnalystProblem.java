package io.cardledger.ledger.analyst;

import org.springframework.http.HttpStatus;

/** A request an analyst can fix (unknown wallet, unreadable parameter), answered as problem+json. */
public class AnalystProblem extends RuntimeException {
    private final HttpStatus status;
    private final String title;

    public AnalystProblem(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static AnalystProblem badRequest(String detail) {
        return new AnalystProblem(HttpStatus.BAD_REQUEST, "Invalid analyst request", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
