package io.cardledger.ingest.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors raised by Spring MVC itself (unknown route, wrong method, wrong media type) and anything
 * unexpected, as problem+json like the webhook errors. Unexpected exceptions are logged here and
 * answered without their message, which could quote a request body.
 */
@RestControllerAdvice
class FrameworkProblems extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(FrameworkProblems.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected failure handling a request ({})", e.getClass().getName());
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error, nothing was stored",
                "The request could not be processed; it is safe to retry");
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        HttpHeaders typed = new HttpHeaders();
        typed.putAll(headers);
        if (body instanceof ProblemDetail problem) {
            typed.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            actionable(problem, statusCode);
        }
        return new ResponseEntity<>(body, typed, statusCode);
    }

    /** Spring's titles name the status; these say what to send instead. */
    private static void actionable(ProblemDetail problem, HttpStatusCode status) {
        String title = switch (status.value()) {
            case 404 -> "No such endpoint: webhooks go to POST /webhooks/paycaddy/notifications or /webhooks/paycaddy/kyc";
            case 405 -> "Method not allowed: webhooks are delivered with POST";
            case 415 -> "Unsupported Content-Type: send the webhook body as application/json";
            default -> problem.getTitle();
        };
        problem.setTitle(title);
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            HttpStatus known = HttpStatus.resolve(status.value());
            String slug = known == null ? "http-" + status.value()
                    : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            problem.setType(java.net.URI.create(Problems.TYPE_PREFIX + slug));
        }
    }
}
