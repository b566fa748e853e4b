package io.cardledger.ledger.web;

import io.cardledger.ledger.application.CardAndCreditOperations;
import io.cardledger.ledger.card.CardState;
import io.cardledger.ledger.card.ChargebackState;
import io.cardledger.ledger.lookup.NotificationLookup;
import io.cardledger.ledger.lookup.NotificationStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * Issue 21: a card's state and controls (PayCaddy {@code cardOperations/blockCard|unblockCard|cancelCard},
 * {@code ChangeLimitIWL}), chargeback marking ({@code ChargeBackOperation}) and a notification's status.
 * The card is the ledger's own aggregate, so the ledger answers: the state is exactly what the next
 * notification is judged against. Controls are idempotent: blocking a blocked card records nothing.
 */
@RestController
@Tag(name = "Cards")
@RequestMapping("/api/v1/cards/{cardId}")
public class CardControlApi {
    private static final String C11 = "[^\\p{Cntrl}/]{1,64}";

    private final CardAndCreditOperations cards;
    private final NotificationLookup notifications;

    public CardControlApi(CardAndCreditOperations cards, NotificationLookup notifications) {
        this.cards = cards;
        this.notifications = notifications;
    }

    /**
     * Minor units. {@code status} is ACTIVE, BLOCKED or CANCELLED; {@code monthlyLimit} 0 means no limit;
     * {@code spentThisMonth} is what card movements took from available this calendar month (UTC).
     */
    public record CardResponse(String cardId, String walletId, String userId, String product, boolean physical,
                               String issuer, String status, boolean isActive, long monthlyLimit, long spentThisMonth,
                               String month, Instant registeredAt) {
        static CardResponse of(CardState s) {
            return new CardResponse(s.cardId(), s.walletId(), s.userId(), s.product(), s.physical(), s.issuer(),
                    s.status().name(), s.active(), s.monthlyLimitMinor(), s.spentThisMonthMinor(), s.month(), s.registeredAt());
        }
    }

    public record LimitBody(@Pattern(regexp = LedgerApi.ID) String cardId,
                            @PositiveOrZero @Max(value = LedgerApi.MAX_AMOUNT, message = "must be at most 10^15 minor units")
                            long limit) {
    }

    /** The seed's ChargeBackOperation body ({@code numeroidentificativoTransaction}) or {@code transactionId}. */
    public record ChargebackBody(@Pattern(regexp = C11) String transactionId,
                                 @Pattern(regexp = C11) String numeroidentificativoTransaction) {
        String c11() {
            return transactionId != null ? transactionId : numeroidentificativoTransaction;
        }
    }

    /** The seed's answer ({@code TransactionId}, {@code IsChargeBack}, {@code ChargeBackStatus}) plus the outcome. */
    public record ChargebackResponse(String cardId, String transactionId, boolean isChargeBack, String chargeBackStatus,
                                     String outcome, long credited, Instant requestedAt, Instant lastReportAt) {
        static ChargebackResponse of(ChargebackState s) {
            return new ChargebackResponse(s.cardId(), s.transactionId(), s.isChargeBack(), s.status(), s.outcome().name(),
                    s.creditedMinor(), s.requestedAt(), s.lastReportAt());
        }
    }

    @Operation(summary = "A card's state, wallet, limits and issuer", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CARD))),
            @ApiResponse(responseCode = "404", description = "card not found", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CARD_NOT_FOUND))),
            @ApiResponse(responseCode = "400", description = "Invalid card id", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.INVALID))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @GetMapping
    public CardResponse card(@PathVariable String cardId) {
        return CardResponse.of(cards.card(valid(cardId)));
    }

    @Operation(summary = "Block a card (PayCaddy blockCard); blocking a blocked card records nothing", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CARD))),
            @ApiResponse(responseCode = "422", description = "card not found (the issuer's title; 404 on GET)", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CARD_NOT_FOUND))),
            @ApiResponse(responseCode = "409", description = "Card is cancelled", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CARD_CANCELLED))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @PostMapping("/block")
    public CardResponse block(@PathVariable String cardId) {
        return CardResponse.of(cards.block(valid(cardId)));
    }

    @Operation(summary = "Unblock a card (PayCaddy unblockCard)", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CARD))),
            @ApiResponse(responseCode = "422", description = "card not found (the issuer's title; 404 on GET)", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CARD_NOT_FOUND))),
            @ApiResponse(responseCode = "409", description = "Card is cancelled", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CARD_CANCELLED))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @PostMapping("/unblock")
    public CardResponse unblock(@PathVariable String cardId) {
        return CardResponse.of(cards.unblock(valid(cardId)));
    }

    @Operation(summary = "Cancel a card for good (PayCaddy cancelCard)", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CARD))),
            @ApiResponse(responseCode = "422", description = "card not found (the issuer's title; 404 on GET)", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CARD_NOT_FOUND))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @PostMapping("/cancel")
    public CardResponse cancel(@PathVariable String cardId) {
        return CardResponse.of(cards.cancel(valid(cardId)));
    }

    @Operation(summary = "Set the card's monthly spending limit (PayCaddy ChangeLimitIWL); 0 = none", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CARD))),
            @ApiResponse(responseCode = "422", description = "card not found (the issuer's title; 404 on GET)", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CARD_NOT_FOUND))),
            @ApiResponse(responseCode = "409", description = "Card is cancelled", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CARD_CANCELLED))),
            @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.INVALID))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @PutMapping("/limit")
    public CardResponse limit(@PathVariable String cardId, @Valid @RequestBody LimitBody body) {
        LedgerApi.requireSame("cardId", cardId, body.cardId());
        return CardResponse.of(cards.setMonthlyLimit(cardId, body.limit()));
    }

    @Operation(summary = "Mark a transaction (card + c11) for chargeback (PayCaddy ChargeBackOperation)", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CHARGEBACK))),
            @ApiResponse(responseCode = "422", description = "card not found (the issuer's title; 404 on GET)", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CARD_NOT_FOUND))),
            @ApiResponse(responseCode = "404", description = "Transaction not found", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.TRANSACTION_NOT_FOUND))),
            @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.INVALID))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @PostMapping("/chargebacks")
    public ChargebackResponse requestChargeback(@PathVariable String cardId, @Valid @RequestBody ChargebackBody body) {
        valid(cardId);
        if (body.c11() == null || body.c11().isBlank()) {
            throw new LedgerApi.BadRequest("transactionId (c11) is required");
        }
        return ChargebackResponse.of(cards.requestChargeback(cardId, body.c11()));
    }

    @Operation(summary = "A transaction's chargeback: marked, reported, won or lost", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CHARGEBACK))),
            @ApiResponse(responseCode = "404", description = "Transaction not found", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.TRANSACTION_NOT_FOUND))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @GetMapping("/chargebacks/{transactionId}")
    public ChargebackResponse chargeback(@PathVariable String cardId, @PathVariable String transactionId) {
        return ChargebackResponse.of(cards.chargeback(valid(cardId), validC11(transactionId)));
    }

    @Operation(summary = "A notification's status: received, applied (with its movements), waiting for its card, parked", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.NOTIFICATION))),
            @ApiResponse(responseCode = "404", description = "Notification not found", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.NOTIFICATION_NOT_FOUND))),
            @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.INVALID))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @GetMapping("/notifications/{notificationId}")
    public NotificationStatus notification(@PathVariable String cardId, @PathVariable String notificationId) {
        valid(cardId);
        if (!notificationId.matches(LedgerApi.ID)) {
            throw new LedgerApi.BadRequest("notificationId must be 1-64 characters of letters, digits and ._:@-");
        }
        return notifications.byId(cardId, notificationId).orElseThrow(() -> new NotificationNotFound(
                "Card " + cardId + " has no notification " + notificationId + " applied, waiting or parked: it was never "
                        + "received, or is still in the raw log ahead of the ledger"));
    }

    @Operation(summary = "The status of every notification of a transaction (card + c11), in the order the ledger met them", responses = {
            @ApiResponse(responseCode = "200"),
            @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.INVALID))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @GetMapping("/transactions/{transactionId}/notifications")
    public List<NotificationStatus> transactionNotifications(@PathVariable String cardId, @PathVariable String transactionId) {
        return notifications.byTransaction(valid(cardId), validC11(transactionId));
    }

    private static String valid(String cardId) {
        if (!cardId.matches(LedgerApi.ID)) {
            throw new LedgerApi.BadRequest("cardId must be 1-64 characters of letters, digits and ._:@-");
        }
        return cardId;
    }

    private static String validC11(String c11) {
        if (!c11.matches(C11) || c11.isBlank()) {
            throw new LedgerApi.BadRequest("transactionId (c11) must be 1-64 characters without control characters");
        }
        return c11;
    }

    static class NotificationNotFound extends RuntimeException {
        NotificationNotFound(String message) {
            super(message);
        }
    }
}
