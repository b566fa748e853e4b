package io.cardledger.ledger.web;

import io.cardledger.ledger.card.CardAlreadyRegisteredException;
import io.cardledger.ledger.wallet.WalletRefusedException;
import io.cardledger.support.Problems;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.stream.Collectors;

/**
 * The ledger's refusals as problem+json of the one scheme (docs/problems.md), with the issuer's titles
 * where the issuer has one. Ahead of service-support's {@code FrameworkProblemHandler}, which answers
 * Spring MVC's own refusals and anything unexpected.
 */
@Order(0)
@RestControllerAdvice
public class ApiExceptionHandler {
    @ExceptionHandler(WalletRefusedException.class)
    ProblemDetail refused(WalletRefusedException e) {
        HttpStatus status = switch (e.reason()) {
            case WALLET_CONFLICT, OPERATION_CONFLICT -> HttpStatus.CONFLICT;
            case SAME_WALLET -> HttpStatus.BAD_REQUEST;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        return Problems.of(status, e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), e.reason().title(), e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        String id = String.valueOf(e.getAggregateIdentifier());
        String walletId = id != null && id.startsWith("wallet:") ? id.substring("wallet:".length()) : id;
        return Problems.of(HttpStatus.NOT_FOUND, "wallet-not-found", "Wallet not found", "No wallet " + walletId + " is registered");
    }

    /**
     * Issue 21's card refusals, with the issuer's title "card not found" (422, as the issuer answers its card
     * operations); a read of an unknown card (GET) is a plain 404 like every read.
     */
    @ExceptionHandler(io.cardledger.ledger.card.CardRefusedException.class)
    ProblemDetail cardRefused(io.cardledger.ledger.card.CardRefusedException e, jakarta.servlet.http.HttpServletRequest request) {
        HttpStatus status = switch (e.reason()) {
            case CARD_NOT_FOUND -> "GET".equals(request.getMethod()) ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_ENTITY;
            case CARD_CANCELLED -> HttpStatus.CONFLICT;
            case TRANSACTION_NOT_FOUND -> HttpStatus.NOT_FOUND;
        };
        return Problems.of(status, e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), e.reason().title(), e.getMessage());
    }

    @ExceptionHandler(CardControlApi.NotificationNotFound.class)
    ProblemDetail notificationNotFound(CardControlApi.NotificationNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "notification-not-found", "Notification not found", e.getMessage());
    }

    @ExceptionHandler(CardAlreadyRegisteredException.class)
    ProblemDetail cardConflict(CardAlreadyRegisteredException e) {
        return Problems.of(HttpStatus.CONFLICT, "card-conflict", "Card already registered on another wallet", e.getMessage());
    }

    /** Another writer first, or two requests each holding a wallet the other needs (after LedgerOperations' retries). */
    @ExceptionHandler({ConcurrencyException.class, DeadlockException.class})
    ProblemDetail concurrent(RuntimeException e) {
        return Problems.of(HttpStatus.CONFLICT, "concurrent-update", "Concurrent update, retry the request",
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
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "balance-overflow", WalletRefusedException.Reason.BALANCE_OVERFLOW.title(),
                "An amount or balance is out of the range the ledger can hold; nothing was recorded.");
    }
}
