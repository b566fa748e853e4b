package io.cardledger.projection.read.balance;

import io.cardledger.projection.api.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Wallets")
class WalletBalanceController {
    private final WalletBalanceQuery query;

    WalletBalanceController(WalletBalanceQuery query) {
        this.query = query;
    }

    @Operation(summary = "A wallet's available, withheld and total balance",
            description = "404 when the projection has not seen the wallet (yet).")
    @GetMapping("/api/v1/wallets/{walletId}")
    WalletBalanceView balance(@PathVariable String walletId) {
        return query.find(walletId).orElseThrow(() -> new NotFoundException("Wallet not found",
                "No wallet " + walletId + " in the read model. If it was just registered, retry shortly."));
    }
}
