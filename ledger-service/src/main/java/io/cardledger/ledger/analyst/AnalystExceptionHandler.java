package io.cardledger.ledger.analyst;

import io.cardledger.support.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.sql.SQLException;

/**
 * Problem+json for the analyst API. Ordered before the service's catch-all handler so that an
 * analyst's mistake reads as a 400/404 with a title, not as an internal error, and a query that
 * hit the analyst's statement timeout, or found the analyst's pool busy, as a 503 to retry later.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = AnalystApi.class)
public class AnalystExceptionHandler {
    /** PostgreSQL's query_canceled: what a statement_timeout raises. */
    static final String QUERY_CANCELED = "57014";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnalystExceptionHandler.class);

    private final AnalystDatabase database;

    public AnalystExceptionHandler(AnalystDatabase database) {
        this.database = database;
    }

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

    @ExceptionHandler(CannotGetJdbcConnectionException.class)
    ResponseEntity<ProblemDetail> busy(CannotGetJdbcConnectionException e) {
        return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Analyst queries busy",
                "All " + database.maximumPoolSize() + " analyst connections are in use; try again shortly"));
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> database(DataAccessException e) {
        if (isQueryCanceled(e)) {
            return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Analyst query took too long",
                    "The query ran past the analyst statement timeout (" + database.statementTimeout().toMillis()
                            + " ms) and was cancelled: narrow it (filters, a date range, a smaller page) or try again later"));
        }
        LOG.error("Analyst query failed", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Analyst query failed", "See the ledger's log"));
    }

    static boolean isQueryCanceled(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<ProblemDetail> unavailable(ProblemDetail problem) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }
}
