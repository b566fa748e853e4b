package io.cardledger.projection.read.authorizations;

import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.projection.api.InvalidQueryException;
import io.cardledger.projection.api.NotFoundException;
import io.cardledger.projection.api.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.Locale;

@RestController
@Tag(name = "Cards")
class AuthorizationController {
    private final AuthorizationQuery query;

    AuthorizationController(AuthorizationQuery query) {
        this.query = query;
    }

    @Operation(summary = "A card's authorizations with their lifecycle state, most recently touched first")
    @GetMapping("/api/v1/cards/{cardId}/authorizations")
    AuthorizationPage list(@PathVariable String cardId,
                           @Parameter(description = "Only authorizations in this state, e.g. PENDING") @RequestParam(required = false) String status,
                           @RequestParam(required = false) Integer page,
                           @RequestParam(required = false) Integer size) {
        String wanted = status == null || status.isBlank() ? null : status(status);
        Paging paging = Paging.of(page, size);
        if (!query.cardKnown(cardId)) {
            throw cardNotFound(cardId);
        }
        return query.list(cardId, wanted, paging);
    }

    @Operation(summary = "One authorization (cardId + c11) with every notification that touched it")
    @GetMapping("/api/v1/cards/{cardId}/authorizations/{transactionId}")
    AuthorizationSummary one(@PathVariable String cardId, @PathVariable String transactionId) {
        return query.find(cardId, transactionId).orElseThrow(() -> query.cardKnown(cardId)
                ? new NotFoundException("Authorization not found", "Card " + cardId + " has no authorization with c11 " + transactionId + ".")
                : cardNotFound(cardId));
    }

    private static NotFoundException cardNotFound(String cardId) {
        return new NotFoundException("Card not found", "No card " + cardId + " in the read model.");
    }

    private static String status(String value) {
        try {
            AuthorizationStatus s = AuthorizationStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
            if (s == AuthorizationStatus.NONE) {
                throw new IllegalArgumentException();
            }
            return s.name();
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("status", "status must be one of " + Arrays.stream(AuthorizationStatus.values())
                    .filter(s -> s != AuthorizationStatus.NONE).map(Enum::name).toList() + ", got '" + value + "'");
        }
    }
}
