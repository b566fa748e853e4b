package io.cardledger.projection.api;

import io.cardledger.support.Problems;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The query API's refusals as problem+json of the one scheme (docs/problems.md), with a title a person
 * can act on; ahead of service-support's {@code FrameworkProblemHandler}.
 */
@Order(0)
@RestControllerAdvice
class ApiErrorHandler {

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return problem(Problems.of(HttpStatus.NOT_FOUND, e.slug(), e.title(), e.getMessage()));
    }

    @ExceptionHandler(InvalidQueryException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidQueryException e) {
        ProblemDetail p = Problems.of(HttpStatus.BAD_REQUEST, "invalid-query-parameter", "Invalid query parameter", e.getMessage());
        p.setProperty("parameter", e.parameter());
        return problem(p);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        ProblemDetail p = Problems.of(HttpStatus.BAD_REQUEST, "invalid-query-parameter", "Invalid query parameter",
                e.getName() + " must be " + expected + ", got '" + e.getValue() + "'");
        p.setProperty("parameter", e.getName());
        return problem(p);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e) {
        ProblemDetail p = Problems.of(HttpStatus.BAD_REQUEST, "invalid-query-parameter", "Invalid query parameter", e.getParameterName() + " is required");
        p.setProperty("parameter", e.getParameterName());
        return problem(p);
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
