package io.cardledger.ingest.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;

/** RFC 7807 responses, typed as application/problem+json whatever the caller's Accept header says. */
public final class Problems {
    /** The issuer retries on its own schedule; this is a hint for any other caller. */
    static final String RETRY_AFTER_SECONDS = "5";
    static final String TYPE_PREFIX = "https://card-ledger.dev/problems/";

    private Problems() {
    }

    public static ResponseEntity<Object> of(Rejection rejection, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(rejection.status(), detail);
        problem.setTitle(rejection.title());
        problem.setType(URI.create(TYPE_PREFIX + rejection.tag().replace('_', '-')));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(rejection.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (rejection == Rejection.KAFKA_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.body(problem);
    }

    public static ResponseEntity<Object> of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
