package io.cardledger.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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
 * Last in line of every service's controller advice: Spring MVC's own refusals (no such route,
 * wrong method, wrong media type, unreadable body...) and anything unexpected, typed with the one
 * scheme. Services' own advice ({@code @Order(0)}) handles their domain exceptions first.
 * Unexpected exceptions are logged by class only and answered without their message, which could
 * quote a request body.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
@RestControllerAdvice
public class FrameworkProblemHandler extends ResponseEntityExceptionHandler {
    public static final String INTERNAL_ERROR = "internal-error";
    private static final Logger log = LoggerFactory.getLogger(FrameworkProblemHandler.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected failure handling a request ({})", e.getClass().getName(), e);
        return Problems.response(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR,
                "Internal error, nothing was recorded", "The request could not be processed; it is safe to retry."));
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

    /** Spring's titles name the status; these say what to do instead. */
    private static void actionable(ProblemDetail problem, HttpStatusCode status) {
        String title = switch (status.value()) {
            case 400 -> "Invalid request";
            case 404 -> "No such endpoint";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable: ask for application/json";
            case 415 -> "Unsupported Content-Type: send the body as application/json";
            default -> problem.getTitle();
        };
        problem.setTitle(title);
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(Problems.type(Problems.statusSlug(status)));
        }
    }
}
