package io.cardledger.ledger.web;

import io.cardledger.events.text.TextSafety;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.wallet.WalletState;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the integrator records after doing it at the issuer. Every call is idempotent by the
 * issuer's id (wallet id, card id, operation id): a retried request records nothing twice.
 * Ids are 1-64 characters, amounts 1 to 10^15 minor units; control characters in a statement
 * become U+FFFD (docs/adr/0008).
 */
@RestController
@RequestMapping("/api/v1")
public class LedgerApi {
    static final String ID = "[A-Za-z0-9._:@-]{1,64}";
    /** Any 1-64 characters but control characters (names, user ids from the issuer). */
    static final String TEXT_ID = "[^\\p{Cntrl}]{1,64}";
    static final String TEXT_ID_MESSAGE = "must be 1-64 characters with no control characters";
    /** 10^15 minor units: ten trillion in a two-decimal currency, far above any wallet operation. */
    static final long MAX_AMOUNT = 1_000_000_000_000_000L;

    private final LedgerOperations ledger;

    public LedgerApi(LedgerOperations ledger) {
        this.ledger = ledger;
    }

    public record WalletBody(@Pattern(regexp = ID) String walletId, @NotNull @Pattern(regexp = TEXT_ID, message = TEXT_ID_MESSAGE) String userId,
                             @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
                             int walletType) {
    }

    public record CardBody(@Pattern(regexp = ID) String cardId, @NotNull @Pattern(regexp = ID) String walletId,
                           @NotNull @Pattern(regexp = TEXT_ID, message = TEXT_ID_MESSAGE) String userId,
                           @NotNull @Pattern(regexp = "debit|prepaid|credit") String product, boolean physical) {
    }

    public record PayInBody(@NotNull @Pattern(regexp = ID) String id, @NotNull @Pattern(regexp = ID) String walletIdTo,
                            @Positive @Max(value = MAX_AMOUNT, message = "must be at most 10^15 minor units") long amount, @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
                            @Size(max = 256) String statement) {
    }

    public record PayOutBody(@NotNull @Pattern(regexp = ID) String id, @NotNull @Pattern(regexp = ID) String walletIdFrom,
                             @Positive @Max(value = MAX_AMOUNT, message = "must be at most 10^15 minor units") long amount, @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
                             @Size(max = 256) String statement) {
    }

    public record TransferBody(@NotNull @Pattern(regexp = ID) String id,
                               @NotNull @Pattern(regexp = ID) String walletIdFrom,
                               @NotNull @Pattern(regexp = ID) String walletIdTo, @Positive @Max(value = MAX_AMOUNT, message = "must be at most 10^15 minor units") long amount,
                               @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
                               @Size(max = 256) String statement) {
    }

    /** Minor units; available may be negative (card notifications are facts, never refused). */
    public record WalletResponse(String walletId, String userId, String currency, int walletType, long available,
                                 long withheld, long total) {
        static WalletResponse of(WalletState s) {
            return new WalletResponse(s.walletId(), s.userId(), s.currency(), s.walletType(), s.availableMinor(),
                    s.withheldMinor(), s.totalMinor());
        }
    }

    @PutMapping("/wallets/{walletId}")
    public WalletResponse registerWallet(@PathVariable String walletId, @Valid @RequestBody WalletBody body) {
        requireSame("walletId", walletId, body.walletId());
        return WalletResponse.of(ledger.registerWallet(walletId, body.userId(), body.currency(), body.walletType()));
    }

    @PutMapping("/cards/{cardId}")
    public WalletResponse registerCard(@PathVariable String cardId, @Valid @RequestBody CardBody body) {
        requireSame("cardId", cardId, body.cardId());
        return WalletResponse.of(ledger.registerCard(cardId, body.walletId(), body.userId(), body.product(), body.physical()));
    }

    @PostMapping("/pay-ins")
    public WalletResponse payIn(@Valid @RequestBody PayInBody body) {
        return WalletResponse.of(ledger.payIn(body.id(), body.walletIdTo(), body.amount(), body.currency(), TextSafety.clean(body.statement())));
    }

    @PostMapping("/pay-outs")
    public WalletResponse payOut(@Valid @RequestBody PayOutBody body) {
        return WalletResponse.of(ledger.payOut(body.id(), body.walletIdFrom(), body.amount(), body.currency(), TextSafety.clean(body.statement())));
    }

    @PostMapping("/transfers")
    public WalletResponse transfer(@Valid @RequestBody TransferBody body) {
        return WalletResponse.of(ledger.transfer(body.id(), body.walletIdFrom(), body.walletIdTo(), body.amount(),
                body.currency(), TextSafety.clean(body.statement())));
    }

    static void requireSame(String field, String path, String body) {
        if (body != null && !body.equals(path)) {
            throw new BadRequest(field + " in the body (" + body + ") differs from the path (" + path + ")");
        }
        if (!path.matches(ID)) {
            throw new BadRequest(field + " must be 1-64 characters of letters, digits and ._:@-");
        }
    }

    static class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    static ProblemDetail badRequest(String detail) {
        return io.cardledger.support.Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    }
}
