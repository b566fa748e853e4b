package io.cardledger.ledger.web;

import io.cardledger.ledger.application.CardAndCreditOperations;
import io.cardledger.ledger.card.CardState;
import io.cardledger.ledger.card.ChargebackState;
import io.cardledger.ledger.lookup.NotificationLookup;
import io.cardledger.ledger.lookup.NotificationStatus;
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

    @GetMapping
    public CardResponse card(@PathVariable String cardId) {
        return CardResponse.of(cards.card(valid(cardId)));
    }

    @PostMapping("/block")
    public CardResponse block(@PathVariable String cardId) {
        return CardResponse.of(cards.block(valid(cardId)));
    }

    @PostMapping("/unblock")
    public CardResponse unblock(@PathVariable String cardId) {
        return CardResponse.of(cards.unblock(valid(cardId)));
    }

    @PostMapping("/cancel")
    public CardResponse cancel(@PathVariable String cardId) {
        return CardResponse.of(cards.cancel(valid(cardId)));
    }

    @PutMapping("/limit")
    public CardResponse limit(@PathVariable String cardId, @Valid @RequestBody LimitBody body) {
        LedgerApi.requireSame("cardId", cardId, body.cardId());
        return CardResponse.of(cards.setMonthlyLimit(cardId, body.limit()));
    }

    @PostMapping("/chargebacks")
    public ChargebackResponse requestChargeback(@PathVariable String cardId, @Valid @RequestBody ChargebackBody body) {
        valid(cardId);
        if (body.c11() == null || body.c11().isBlank()) {
            throw new LedgerApi.BadRequest("transactionId (c11) is required");
        }
        return ChargebackResponse.of(cards.requestChargeback(cardId, body.c11()));
    }

    @GetMapping("/chargebacks/{transactionId}")
    public ChargebackResponse chargeback(@PathVariable String cardId, @PathVariable String transactionId) {
        return ChargebackResponse.of(cards.chargeback(valid(cardId), validC11(transactionId)));
    }

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
