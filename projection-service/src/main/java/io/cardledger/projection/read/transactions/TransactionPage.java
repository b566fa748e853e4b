package io.cardledger.projection.read.transactions;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A page of a wallet's transactions, newest first, with the totals of the whole filtered list. */
@Schema(name = "TransactionPage")
public record TransactionPage(
        String walletId,
        List<TransactionLine> items,
        @Schema(description = "0-based") int page,
        int size,
        long totalItems,
        int totalPages) {
}
