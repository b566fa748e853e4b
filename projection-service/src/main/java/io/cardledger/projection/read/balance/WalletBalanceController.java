package io.cardledger.projection.read.balance;

import io.cardledger.projection.api.NotFoundException;
import io.cardledger.support.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The balance read as a Spring MVC handler. Plain requests are answered before they get here, by
 * {@link WalletBalanceEndpoint} with the same query, body and problems; this handler serves the
 * rest (HEAD, percent-encoded ids, unusual Accept headers) and documents the endpoint in OpenAPI.
 */
@RestController
@Tag(name = "Wallets")
class WalletBalanceController {
    private static final String NOT_FOUND_TITLE = "Wallet not found";

    private final WalletBalanceQuery query;

    WalletBalanceController(WalletBalanceQuery query) {
        this.query = query;
    }

    @Operation(summary = "A wallet's available, withheld and total balance",
            description = "404 when the projection has not seen the wallet (yet). Available, withheld and total always "
                    + "come from the same ledger event.")
    @ApiResponse(responseCode = "200", description = "The wallet's balance")
    @ApiResponse(responseCode = "404", description = "Wallet not found",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/api/v1/wallets/{walletId}")
    WalletBalanceView balance(@PathVariable String walletId) {
        return query.find(walletId).orElseThrow(() -> new NotFoundException(NOT_FOUND_TITLE, notFoundDetail(walletId)));
    }

    /** The 404 problem both paths answer; the controller advice renders the exception above into the same. */
    static ProblemDetail notFound(String walletId) {
        return Problems.of(HttpStatus.NOT_FOUND, NotFoundException.slug(NOT_FOUND_TITLE), NOT_FOUND_TITLE, notFoundDetail(walletId));
    }

    private static String notFoundDetail(String walletId) {
        return "No wallet " + walletId + " in the read model. If it was just registered, retry shortly.";
    }
}
