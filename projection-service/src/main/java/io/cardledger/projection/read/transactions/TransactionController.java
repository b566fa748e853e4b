package io.cardledger.projection.read.transactions;

import io.cardledger.projection.api.NotFoundException;
import io.cardledger.projection.api.Paging;
import io.cardledger.projection.read.balance.WalletBalanceQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Wallets")
class TransactionController {
    private final TransactionQuery transactions;
    private final WalletBalanceQuery wallets;

    TransactionController(TransactionQuery transactions, WalletBalanceQuery wallets) {
        this.transactions = transactions;
        this.wallets = wallets;
    }

    @Operation(summary = "A wallet's transactions, newest first",
            description = "The issuer's TransactionDetailListByWallet semantics: card lines (declines left out unless "
                    + "includeDeclined=true), pay-ins, pay-outs and transfers, in reverse order of transaction time.")
    @GetMapping("/api/v1/wallets/{walletId}/transactions")
    TransactionPage list(
            @PathVariable String walletId,
            @Parameter(description = "ISO date (whole UTC day) or date-time; inclusive") @RequestParam(required = false) String from,
            @Parameter(description = "ISO date (whole UTC day, inclusive) or date-time (inclusive)") @RequestParam(required = false) String to,
            @Parameter(description = "Case-insensitive fragment of c43IdentificadorComercio") @RequestParam(required = false) String merchant,
            @Parameter(description = "0-based page number") @RequestParam(required = false) Integer page,
            @Parameter(description = "1 to 200, default 50") @RequestParam(required = false) Integer size,
            @RequestParam(defaultValue = "false") boolean includeDeclined) {
        TransactionFilter filter = TransactionFilter.of(from, to, merchant, includeDeclined);
        Paging paging = Paging.of(page, size);
        if (!wallets.exists(walletId)) {
            throw new NotFoundException("Wallet not found", "No wallet " + walletId + " in the read model.");
        }
        return transactions.find(walletId, filter, paging);
    }
}
