package io.cardledger.projection.read.parity;

import io.cardledger.projection.api.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Issue 21's lookups that are reads of the projection: a user's wallets (the issuer's
 * WalletsPerUserIds) and an integrator operation by its id. Card state, credit lines and a
 * notification's status are the ledger's (ledger-service), where they are decided.
 */
@RestController
@Tag(name = "Lookups")
class ParityLookupController {
    private final JdbcTemplate jdbc;

    ParityLookupController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Schema(name = "WalletsPerUser", description = "The issuer's WalletsPerUserIds, as JSON rather than a JSON string")
    record UserWallets(String userId, List<UserWallet> wallets) {
    }

    @Schema(name = "UserWallet")
    record UserWallet(String walletId, String userId, String currency, int walletType,
                      @Schema(description = "AmountAvailable, minor units") long available,
                      @Schema(description = "AmountWithheld, minor units") long withheld, long total, Instant registeredAt) {
    }

    @Schema(name = "OperationLookup", description = "An integrator operation (pay-in, pay-out, transfer, credit payment, "
            + "credit limit change) by its id: one line per wallet it moved")
    record OperationView(String operationId, List<OperationLine> lines) {
    }

    @Schema(name = "OperationLine")
    record OperationLine(String walletId, long sequence,
                         @Schema(description = "PAY_IN, PAY_OUT, TRANSFER_SENT, TRANSFER_RECEIVED, CREDIT_PAYMENT, "
                                 + "CREDIT_LIMIT_CHANGED, CHARGEBACK_CREDIT or CREDIT_LINE_OPENED") String movementType,
                         long amount, String currency, long availableDelta, long availableAfter, long withheldAfter,
                         String counterpartyWalletId, String statement, Instant occurredAt) {
    }

    @Operation(summary = "A user's wallets (the issuer's WalletsPerUserIds)",
            description = "Every wallet registered for the user, oldest first, with its balances in minor units. "
                    + "A user without wallets gets an empty list.",
            responses = {
                    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = """
                            {"userId":"u-1","wallets":[{"walletId":"w-1","userId":"u-1","currency":"USD","walletType":0,
                            "available":8383,"withheld":1617,"total":10000,"registeredAt":"2026-12-06T03:00:00Z"}]}"""))),
                    @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token",
                            content = @Content(mediaType = "application/problem+json"))})
    @GetMapping("/api/v1/users/{userId}/wallets")
    UserWallets wallets(@PathVariable String userId) {
        return new UserWallets(userId, jdbc.query("""
                        SELECT wallet_id, user_id, currency, wallet_type, available_minor, withheld_minor, total_minor, registered_at
                        FROM wallet_balance WHERE user_id = ? ORDER BY registered_at NULLS LAST, wallet_id LIMIT 1000""",
                (rs, i) -> new UserWallet(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), instant(rs.getObject(8, OffsetDateTime.class))), userId));
    }

    @Operation(summary = "An integrator operation by its id",
            description = "The lines an operation recorded, one per wallet (a transfer has two). Card notifications "
                    + "are looked up by card on the ledger (GET /api/v1/cards/{cardId}/notifications/{id}).",
            responses = {
                    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = """
                            {"operationId":"tr-1","lines":[{"walletId":"w-1","sequence":3,"movementType":"TRANSFER_SENT",
                            "amount":500,"currency":"USD","availableDelta":-500,"availableAfter":9500,"withheldAfter":0,
                            "counterpartyWalletId":"w-2","statement":"rent","occurredAt":"2026-12-06T03:00:00Z"}]}"""))),
                    @ApiResponse(responseCode = "404", description = "Operation not found",
                            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(value = """
                                    {"type":"https://cardledger.io/problems/operation-not-found","title":"Operation not found",
                                    "status":404,"detail":"No operation op-9 in the read model.",
                                    "instance":"/api/v1/operations/op-9"}"""))),
                    @ApiResponse(responseCode = "401", description = "Missing or invalid bearer token",
                            content = @Content(mediaType = "application/problem+json"))})
    @GetMapping("/api/v1/operations/{operationId}")
    OperationView operation(@PathVariable String operationId) {
        List<OperationLine> lines = jdbc.query("""
                        SELECT wallet_id, sequence, movement_type, amount_minor, currency, available_delta_minor,
                               available_after_minor, withheld_after_minor, counterparty_wallet_id, statement, occurred_at
                        FROM wallet_transaction WHERE movement_id = ? AND movement_type <> 'CARD'
                        ORDER BY occurred_at, wallet_id, sequence LIMIT 100""",
                (rs, i) -> new OperationLine(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getString(10),
                        instant(rs.getObject(11, OffsetDateTime.class))), operationId);
        if (lines.isEmpty()) {
            throw new NotFoundException("Operation not found", "No operation " + operationId + " in the read model.");
        }
        return new OperationView(operationId, lines);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
