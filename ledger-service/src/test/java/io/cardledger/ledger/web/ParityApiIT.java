package io.cardledger.ledger.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.chargeback.ChargebackReport;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.application.CardAndCreditOperations;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.support.LedgerHttpITBase;
import io.cardledger.ledger.support.Notifications;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21 over real HTTP on a real database: card controls and lookups, a notification's status,
 * credit lines, chargebacks; refusals are problem+json with the issuer's titles and record nothing.
 */
class ParityApiIT extends LedgerHttpITBase {
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    LedgerOperations ledger;
    @Autowired
    CardAndCreditOperations cards;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private ResponseEntity<String> send(HttpMethod method, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(SERVICE_TOKEN);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode ok(ResponseEntity<String> response) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private JsonNode problem(ResponseEntity<String> response, int status, String title) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.path("title").asText()).isEqualTo(title);
        return problem;
    }

    @Test
    void aBlockedCardsNotificationIsAppliedFlaggedAndItsStatusShowsTheMovement() throws Exception {
        String wallet = "w-" + run;
        String card = "c-" + run;
        ledger.registerWallet(wallet, "u-" + run, "USD", 0);
        ledger.registerCard(card, wallet, "u-" + run, "debit", false);
        ledger.payIn("pi-" + run, wallet, 10_000, "USD", "top-up");

        JsonNode blocked = ok(send(HttpMethod.POST, "/api/v1/cards/" + card + "/block", null));
        assertThat(blocked.path("status").asText()).isEqualTo("BLOCKED");
        assertThat(blocked.path("isActive").asBoolean()).isFalse();
        RawNotification raw = Notifications.of("PeticionAutorizacion", card).c11("000042").amount(1_617).raw();
        ledger.recordNotifications(List.of(raw));

        JsonNode status = ok(send(HttpMethod.GET, "/api/v1/cards/" + card + "/notifications/" + raw.notificationId(), null));
        assertThat(status.path("state").asText()).isEqualTo("APPLIED");
        assertThat(status.path("received").asBoolean()).isTrue();
        assertThat(status.path("movements").get(0).path("availableDelta").asLong()).isEqualTo(-1_617);
        assertThat(status.path("movements").get(0).path("flags").toString()).contains("CARD_BLOCKED");
        JsonNode byC11 = ok(send(HttpMethod.GET, "/api/v1/cards/" + card + "/transactions/000042/notifications", null));
        assertThat(byC11.size()).isEqualTo(1);
        assertThat(byC11.get(0).path("notificationId").asText()).isEqualTo(raw.notificationId());
        assertThat(ledger.wallet(wallet).availableMinor()).isEqualTo(10_000 - 1_617);

        JsonNode card0 = ok(send(HttpMethod.GET, "/api/v1/cards/" + card, null));
        assertThat(card0.path("walletId").asText()).isEqualTo(wallet);
        assertThat(card0.path("issuer").asText()).isEqualTo("paycaddy");
        assertThat(card0.path("spentThisMonth").asLong()).isEqualTo(1_617);
        assertThat(ok(send(HttpMethod.POST, "/api/v1/cards/" + card + "/unblock", null)).path("status").asText()).isEqualTo("ACTIVE");
        assertThat(ok(send(HttpMethod.POST, "/api/v1/cards/" + card + "/cancel", null)).path("status").asText()).isEqualTo("CANCELLED");
        problem(send(HttpMethod.POST, "/api/v1/cards/" + card + "/unblock", null), 409, "Card is cancelled");
    }

    @Test
    void cardControlsOnAnUnknownCardAnswerTheIssuersCardNotFound() throws Exception {
        problem(send(HttpMethod.POST, "/api/v1/cards/nobody-" + run + "/block", null), 422, "card not found");
        problem(send(HttpMethod.PUT, "/api/v1/cards/nobody-" + run + "/limit", "{\"limit\":100}"), 422, "card not found");
        problem(send(HttpMethod.GET, "/api/v1/cards/nobody-" + run, null), 404, "card not found");
        problem(send(HttpMethod.GET, "/api/v1/cards/nobody-" + run + "/notifications/n-1", null), 404, "Notification not found");
        problem(send(HttpMethod.PUT, "/api/v1/cards/x-" + run + "/limit", "{\"limit\":-1}"), 400, "Invalid request");
        problem(send(HttpMethod.PUT, "/api/v1/cards/x-" + run + "/limit", "{\"limit\":\"lots\"}"), 400, "Invalid request");
    }

    @Test
    void aCreditLinesPurchaseWithinTheLimitIsNotNegativeAndPaymentsAndLimitChangesAreChecked() throws Exception {
        String wallet = "wc-" + run;
        String card = "cc-" + run;
        JsonNode opened = ok(send(HttpMethod.PUT, "/api/v1/wallet-credits/" + wallet,
                "{\"userId\":\"u-" + run + "\",\"currency\":\"USD\",\"description\":\"line\",\"time\":30,\"limit\":50000}"));
        assertThat(opened.path("available").asLong()).isEqualTo(50_000);
        ledger.registerCard(card, wallet, "u-" + run, "credit", false);
        RawNotification purchase = Notifications.of("PeticionAutorizacion", card).c11("000001").amount(20_000).raw();
        ledger.recordNotifications(List.of(purchase));

        JsonNode status = ok(send(HttpMethod.GET, "/api/v1/cards/" + card + "/notifications/" + purchase.notificationId(), null));
        assertThat(status.path("movements").get(0).path("flags").toString()).doesNotContain("NEGATIVE_AVAILABLE");
        JsonNode check = ok(send(HttpMethod.GET, "/api/v1/wallet-credits/" + wallet, null));
        assertThat(check.path("used").asLong()).isEqualTo(20_000);
        assertThat(check.path("available").asLong()).isEqualTo(30_000);
        assertThat(check.path("status").asText()).isEqualTo("ACTIVE");

        String payment = "{\"id\":\"pay-" + run + "\",\"walletId\":\"" + wallet
                + "\",\"amountToCapital\":5000,\"amountInterest\":700,\"currency\":\"USD\",\"statement\":\"May\"}";
        assertThat(ok(send(HttpMethod.POST, "/api/v1/credit-payments", payment)).path("available").asLong()).isEqualTo(35_000);
        assertThat(ok(send(HttpMethod.POST, "/api/v1/credit-payments", payment)).path("available").asLong()).isEqualTo(35_000);
        problem(send(HttpMethod.POST, "/api/v1/credit-payments", payment.replace("\"USD\"", "\"EUR\"").replace("pay-", "pay2-")),
                422, "currency code does not match walletId");
        problem(send(HttpMethod.POST, "/api/v1/wallet-credits/" + wallet + "/limit-changes",
                "{\"id\":\"lim-" + run + "\",\"newLimit\":60000,\"currency\":\"EUR\"}"), 422, "currency code does not match walletId");
        JsonNode changed = ok(send(HttpMethod.POST, "/api/v1/wallet-credits/" + wallet + "/limit-changes",
                "{\"id\":\"lim-" + run + "\",\"newLimit\":60000,\"currency\":\"USD\"}"));
        assertThat(changed.path("limit").asLong()).isEqualTo(60_000);
        assertThat(changed.path("available").asLong()).isEqualTo(45_000);
        assertThat(changed.path("interestRecorded").asLong()).isEqualTo(700);
        // Nothing the refused requests carried was stored: the EUR payment's id is still free.
        assertThat(ok(send(HttpMethod.POST, "/api/v1/credit-payments", payment.replace("pay-", "pay2-"))).path("available").asLong())
                .isEqualTo(50_000);

        String debit = "wd-" + run;
        ledger.registerWallet(debit, "u-" + run, "USD", 0);
        problem(send(HttpMethod.GET, "/api/v1/wallet-credits/" + debit, null), 422, "Wallet is not a credit wallet");
        problem(send(HttpMethod.GET, "/api/v1/wallet-credits/none-" + run, null), 404, "Wallet not found");
    }

    @Test
    void aWonChargebackCreditsTheAmountOnceAndALostOneMovesNothing() throws Exception {
        String wallet = "wb-" + run;
        String card = "cb-" + run;
        ledger.registerWallet(wallet, "u-" + run, "USD", 0);
        ledger.registerCard(card, wallet, "u-" + run, "debit", false);
        ledger.payIn("pi-" + run, wallet, 10_000, "USD", "top-up");
        ledger.recordNotifications(List.of(
                Notifications.of("PeticionAutorizacion", card).c11("000007").amount(3_000).raw(),
                Notifications.of("TransaccionConfirmada", card).c11("000007").amount(3_000).raw(),
                Notifications.of("PeticionAutorizacion", card).c11("000008").amount(1_000).raw()));

        problem(send(HttpMethod.POST, "/api/v1/cards/" + card + "/chargebacks", "{\"transactionId\":\"404404\"}"), 404,
                "Transaction not found");
        JsonNode marked = ok(send(HttpMethod.POST, "/api/v1/cards/" + card + "/chargebacks",
                "{\"numeroidentificativoTransaction\":\"000007\"}"));
        assertThat(marked.path("isChargeBack").asBoolean()).isTrue();
        assertThat(marked.path("chargeBackStatus").asText()).isEqualTo("REQUESTED");

        ChargebackReport won = new ChargebackReport("cbr-1-" + run, card, "000007", "Won", null, "{}", Instant.now());
        cards.reportChargeback(won);
        cards.reportChargeback(won);
        cards.reportChargeback(new ChargebackReport("cbr-2-" + run, card, "000008", "Lost", 1_000L, "{}", Instant.now()));

        assertThat(ledger.wallet(wallet).availableMinor()).isEqualTo(10_000 - 3_000 - 1_000 + 3_000);
        JsonNode after = ok(send(HttpMethod.GET, "/api/v1/cards/" + card + "/chargebacks/000007", null));
        assertThat(after.path("outcome").asText()).isEqualTo("WON");
        assertThat(after.path("credited").asLong()).isEqualTo(3_000);
        assertThat(ok(send(HttpMethod.GET, "/api/v1/cards/" + card + "/chargebacks/000008", null)).path("outcome").asText())
                .isEqualTo("LOST");
    }

    @Test
    void theOpenApiDocumentHasTheNewEndpointsWithExamplesAndProblems() throws Exception {
        JsonNode doc = json.readTree(http.getForObject("/v3/api-docs", String.class));
        JsonNode paths = doc.path("paths");
        for (String path : List.of("/api/v1/cards/{cardId}", "/api/v1/cards/{cardId}/block", "/api/v1/cards/{cardId}/limit",
                "/api/v1/cards/{cardId}/chargebacks", "/api/v1/cards/{cardId}/notifications/{notificationId}",
                "/api/v1/cards/{cardId}/transactions/{transactionId}/notifications", "/api/v1/wallet-credits/{walletId}",
                "/api/v1/credit-payments", "/api/v1/wallet-credits/{walletId}/limit-changes")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        JsonNode block = paths.path("/api/v1/cards/{cardId}/block").path("post").path("responses");
        assertThat(block.path("422").toString()).contains("card not found").contains("application/problem+json");
        assertThat(block.path("200").toString()).contains("BLOCKED");
        assertThat(paths.path("/api/v1/credit-payments").path("post").path("responses").path("422").toString())
                .contains("currency code does not match walletId");
    }
}
