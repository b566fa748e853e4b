package io.cardledger.projection.read.authorizations;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A card's authorizations, most recently touched first. */
@Schema(name = "AuthorizationPage")
public record AuthorizationPage(String cardId, List<AuthorizationSummary> items, int page, int size, long totalItems,
                                int totalPages) {
}
