package io.cardledger.ledger.web;

import io.cardledger.ledger.card.CardAlreadyRegisteredException;
import io.cardledger.ledger.wallet.WalletRefusedException;
import io.cardledger.support.Problems;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.stream.Collectors;

/** Every refusal as RFC 7807 problem+json, with the issuer's titles where the issuer has one. */
@RestControllerAdvice
public class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(WalletRefusedException.class)
    ProblemDetail refused(WalletRefusedException e) {
        HttpStatus status = switch (e.reason()) {
            case WALLET_CONFLICT, OPERATION_CONFLICT -> HttpStatus.CONFLICT;
            case SAME_WALLET -> HttpStatus.BAD_REQUEST;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        return Problems.of(status, e.reason().title(), e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        String id = String.valueOf(e.getAggregateIdentifier());
        String walletId = id != null && id.startsWith("wallet:") ? id.substring("wallet:".length()) : id;
        return Problems.of(HttpStatus.NOT_FOUND, "Wallet not found", "No wallet " + walletId + " is registered");
    }

    @ExceptionHandler(CardAlreadyRegisteredException.class)
    ProblemDetail cardConflict(CardAlreadyRegisteredException e) {
        return Problems.of(HttpStatus.CONFLICT, "Card already registered on another wallet", e.getMessage());
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrent(ConcurrencyException e) {
        return Problems.of(HttpStatus.CONFLICT, "Concurrent update, retry the request",
                "Another writer changed this wallet or card at the same moment; nothing was recorded.");
    }

    @ExceptionHandler(LedgerApi.BadRequest.class)
    ProblemDetail badRequest(LedgerApi.BadRequest e) {
        return LedgerApi.badRequest(e.getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return LedgerApi.badRequest(detail);
    }

    /**
     * Not JSON, or JSON that does not bind (Jackson's "type definition" errors for a value of the
     * wrong kind in a record's constructor are HttpMessageConversionException, not NotReadable).
     */
    @ExceptionHandler(HttpMessageConversionException.class)
    ProblemDetail unreadable(HttpMessageConversionException e) {
        return LedgerApi.badRequest("The body is not valid JSON for this operation");
    }

    /** A balance or total that would not fit in a long (the wallet refuses operations before this). */
    @ExceptionHandler(ArithmeticException.class)
    ProblemDetail outOfRange(ArithmeticException e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, WalletRefusedException.Reason.BALANCE_OVERFLOW.title(),
                "An amount or balance is out of the range the ledger can hold; nothing was recorded.");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        if (e instanceof ErrorResponse framework) {
            // Spring's own refusals (no such path, wrong method, wrong media type) keep their status.
            ProblemDetail body = framework.getBody();
            return Problems.of(HttpStatus.valueOf(body.getStatus()), body.getTitle(), body.getDetail());
        }
        log.error("Unexpected error", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error, nothing was recorded",
                "The operation was rolled back; it is safe to retry with the same id.");
    }
}
