package io.cardledger.ledger.web;

import io.cardledger.events.text.TextSafety;
import io.cardledger.ledger.application.CardAndCreditOperations;
import io.cardledger.ledger.wallet.CreditState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * Issue 21: credit wallets (PayCaddy {@code walletCredits}, {@code reportPayCredits},
 * {@code walletCredits/changeWalletLimit}, {@code CheckCredit}). A credit wallet's available is limit -
 * used; card notifications draw on it and are never refused (over the limit or past the term they are
 * flagged). Payments and limit changes are idempotent by their {@code id}, like every operation.
 */
@RestController
@Tag(name = "Credit lines")
@RequestMapping("/api/v1")
public class CreditApi {
    private static final String MAX_MESSAGE = "must be at most 10^15 minor units";

    private final CardAndCreditOperations credits;

    public CreditApi(CardAndCreditOperations credits) {
        this.credits = credits;
    }

    /** The seed's walletCredits body; {@code time} is the term in days (0 = none), {@code limit} minor units. */
    public record CreditWalletBody(@Pattern(regexp = LedgerApi.ID) String walletId,
                                   @NotNull @Pattern(regexp = LedgerApi.TEXT_ID, message = LedgerApi.TEXT_ID_MESSAGE) String userId,
                                   @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
                                   @Size(max = 256) String description,
                                   @PositiveOrZero @Max(36600) int time,
                                   @PositiveOrZero @Max(value = LedgerApi.MAX_AMOUNT, message = MAX_MESSAGE) long limit,
                                   @PositiveOrZero @Max(9) int walletType) {
    }

    /** The seed's reportPayCredits body plus the operation's {@code id}. */
    public record CreditPaymentBody(@NotNull @Pattern(regexp = LedgerApi.ID) String id,
                                    @NotNull @Pattern(regexp = LedgerApi.ID) String walletId,
                                    @PositiveOrZero @Max(value = LedgerApi.MAX_AMOUNT, message = MAX_MESSAGE) long amountToCapital,
                                    @PositiveOrZero @Max(value = LedgerApi.MAX_AMOUNT, message = MAX_MESSAGE) long amountInterest,
                                    @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
                                    @Size(max = 256) String statement, boolean restoreCredit) {
    }

    /** The seed's changeWalletLimit body plus the operation's {@code id}. */
    public record LimitChangeBody(@NotNull @Pattern(regexp = LedgerApi.ID) String id,
                                  @Pattern(regexp = LedgerApi.ID) String walletId,
                                  @PositiveOrZero @Max(value = LedgerApi.MAX_AMOUNT, message = MAX_MESSAGE) long newLimit,
                                  @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
                                  @Size(max = 256) String statement) {
    }

    /**
     * CheckCredit and more, minor units: {@code status} ACTIVE or BLOCKED ({@code isActive} is the seed's
     * boolean), {@code used} = limit - available (holds draw on the line), flags for a line past its term
     * or over its limit.
     */
    public record CreditResponse(String walletId, String userId, String currency, String status, boolean isActive,
                                 long limit, long used, long available, long withheld, int time, Instant termStart,
                                 Instant termEndsAt, boolean pastTerm, boolean overLimit, long interestRecorded) {
        static CreditResponse of(CreditState s) {
            return new CreditResponse(s.walletId(), s.userId(), s.currency(), s.status(), s.active(), s.limitMinor(),
                    s.usedMinor(), s.availableMinor(), s.withheldMinor(), s.termDays(), s.termStart(), s.termEndsAt(),
                    s.pastTerm(), s.overLimit(), s.interestRecordedMinor());
        }
    }

    @Operation(summary = "Register a credit wallet (PayCaddy walletCredits): available starts at the limit", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CREDIT))),
            @ApiResponse(responseCode = "409", description = "Wallet already registered with other details", content = @Content(mediaType = ApiDocs.PROBLEM)),
            @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.INVALID))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @PutMapping("/wallet-credits/{walletId}")
    public CreditResponse register(@PathVariable String walletId, @Valid @RequestBody CreditWalletBody body) {
        LedgerApi.requireSame("walletId", walletId, body.walletId());
        return CreditResponse.of(credits.registerCreditWallet(walletId, body.userId(), body.currency(), body.walletType(),
                TextSafety.clean(body.description()), body.time(), body.limit()));
    }

    @Operation(summary = "A credit line's status (PayCaddy CheckCredit) with limit, used and available", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CREDIT))),
            @ApiResponse(responseCode = "404", description = "Wallet not found", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.WALLET_NOT_FOUND))),
            @ApiResponse(responseCode = "422", description = "Wallet is not a credit wallet", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.NOT_CREDIT))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @GetMapping("/wallet-credits/{walletId}")
    public CreditResponse check(@PathVariable String walletId) {
        LedgerApi.requireSame("walletId", walletId, null);
        return CreditResponse.of(credits.credit(walletId));
    }

    @Operation(summary = "Report a credit payment (PayCaddy reportPayCredits): capital restores available, interest is recorded, restoreCredit unblocks", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CREDIT))),
            @ApiResponse(responseCode = "422", description = "currency code does not match walletId / Wallet is not a credit wallet", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CURRENCY))),
            @ApiResponse(responseCode = "409", description = "Operation id already used for another operation", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.OPERATION_CONFLICT))),
            @ApiResponse(responseCode = "404", description = "Wallet not found", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.WALLET_NOT_FOUND))),
            @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.INVALID))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @PostMapping("/credit-payments")
    public CreditResponse pay(@Valid @RequestBody CreditPaymentBody body) {
        if (body.amountToCapital() == 0 && body.amountInterest() == 0 && !body.restoreCredit()) {
            throw new LedgerApi.BadRequest("A credit payment needs amountToCapital, amountInterest or restoreCredit");
        }
        return CreditResponse.of(credits.reportCreditPayment(body.id(), body.walletId(), body.amountToCapital(),
                body.amountInterest(), body.currency(), TextSafety.clean(body.statement()), body.restoreCredit()));
    }

    @Operation(summary = "Change a credit line's limit (PayCaddy changeWalletLimit)", responses = {
            @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(value = ApiDocs.CREDIT))),
            @ApiResponse(responseCode = "422", description = "currency code does not match walletId / Wallet is not a credit wallet", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.CURRENCY))),
            @ApiResponse(responseCode = "409", description = "Operation id already used for another operation", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.OPERATION_CONFLICT))),
            @ApiResponse(responseCode = "404", description = "Wallet not found", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.WALLET_NOT_FOUND))),
            @ApiResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = ApiDocs.PROBLEM, examples = @ExampleObject(value = ApiDocs.INVALID))),
            @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token", content = @Content(mediaType = ApiDocs.PROBLEM))})
    @PostMapping("/wallet-credits/{walletId}/limit-changes")
    public CreditResponse changeLimit(@PathVariable String walletId, @Valid @RequestBody LimitChangeBody body) {
        LedgerApi.requireSame("walletId", walletId, body.walletId());
        return CreditResponse.of(credits.changeCreditLimit(body.id(), walletId, body.newLimit(), body.currency(),
                TextSafety.clean(body.statement())));
    }
}
