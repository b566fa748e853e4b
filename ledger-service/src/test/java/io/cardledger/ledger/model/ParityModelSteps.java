package io.cardledger.ledger.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.chargeback.ChargebackReport;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.ledger.application.CardAndCreditOperations;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21's scenario step kinds (scenario-runner's ParitySteps) for {@link ScenarioFilesTest}, on the
 * in-memory aggregates: the writes are applied, the ledger's own lookups are asked (so that their
 * refusals are checked); the projection's lookups (userWallets, getOperation) and a notification's
 * status need the running system and are checked by ScenariosIT only.
 */
final class ParityModelSteps {
    private ParityModelSteps() {
    }

    /** Runs one parity step; false when the kind is not one of them. */
    static boolean run(CardAndCreditOperations cards, String kind, JsonNode b) {
        String card = b.path("cardId").asText();
        String wallet = b.path("walletId").asText();
        switch (kind) {
            case "creditWallet" -> cards.registerCreditWallet(wallet, b.path("userId").asText(), b.path("currency").asText(),
                    b.path("walletType").asInt(), b.path("description").asText(null), b.path("time").asInt(), b.path("limit").asLong());
            case "reportPayCredit" -> cards.reportCreditPayment(b.path("id").asText(), wallet, b.path("amountToCapital").asLong(),
                    b.path("amountInterest").asLong(), b.path("currency").asText(), b.path("statement").asText(),
                    b.path("restoreCredit").asBoolean());
            case "changeWalletLimit" -> cards.changeCreditLimit(b.path("id").asText(), wallet, b.path("newLimit").asLong(),
                    b.path("currency").asText(), b.path("statement").asText());
            case "checkCredit" -> cards.credit(wallet);
            case "blockCard" -> cards.block(card);
            case "unblockCard" -> cards.unblock(card);
            case "cancelCard" -> cards.cancel(card);
            case "cardLimit" -> cards.setMonthlyLimit(card, b.path("limit").asLong());
            case "getCard" -> {
                // The card's own fields of the lookup's "expect" are checked here too (the running system checks all).
                io.cardledger.ledger.card.CardState state = cards.card(card);
                JsonNode expect = b.path("expect");
                if (expect.has("status")) {
                    assertThat(state.status().name()).as("card %s status", card).isEqualTo(expect.path("status").asText());
                }
                if (expect.has("isActive")) {
                    assertThat(state.active()).as("card %s active", card).isEqualTo(expect.path("isActive").asBoolean());
                }
                if (expect.has("issuer")) {
                    assertThat(state.issuer()).as("card %s issuer", card).isEqualTo(expect.path("issuer").asText());
                }
            }
            case "chargeback" -> cards.requestChargeback(card, b.has("transactionId") ? b.path("transactionId").asText()
                    : b.path("numeroidentificativoTransaction").asText());
            case "getChargeback" -> cards.chargeback(card, b.path("transactionId").asText());
            case "chargebackWebhook" -> cards.reportChargeback(new ChargebackReport(NotificationIds.ofText("cb-", b.toString()),
                    b.has("cardId") ? b.path("cardId").asText() : b.path("c2CardId").asText(),
                    b.has("transactionId") ? b.path("transactionId").asText() : b.path("c11NumeroIdentificativoTransaccion").asText(),
                    b.has("status") ? b.path("status").asText() : b.path("ChargeBackStatus").asText(),
                    b.has("amount") ? b.path("amount").asLong() : null, b.toString(), Instant.parse("2026-04-30T00:00:00Z")));
            case "userWallets", "getOperation", "notificationStatus" -> {
                // Reads of the running system only.
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
