package io.cardledger.ledger.analyst;

import io.cardledger.support.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Problem+json for the analyst API. Ordered before the service's catch-all handler so that an
 * analyst's mistake reads as a 400/404 with a title, not as an internal error.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = AnalystApi.class)
public class AnalystExceptionHandler {

    @ExceptionHandler(AnalystProblem.class)
    ProblemDetail problem(AnalystProblem e) {
        return Problems.of(e.status(), e.title(), e.getMessage());
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ProblemDetail parameter(Exception e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "Invalid analyst request", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "Invalid analyst request", "The body is not valid JSON for this operation");
    }
}
