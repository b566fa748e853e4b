package io.cardledger.projection.read.parity;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.ChargebackOutcome;
import io.cardledger.events.card.ChargebackRequested;
import io.cardledger.events.card.ChargebackStatusReported;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.ChargebackCredited;
import io.cardledger.events.wallet.CreditLimitChanged;
import io.cardledger.events.wallet.CreditLineOpened;
import io.cardledger.events.wallet.CreditPaymentReported;
import io.cardledger.projection.LedgerFixtures.CardLine;
import io.cardledger.projection.LedgerFixtures.CardStream;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionITBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Set;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 21's reads on the projection: a user's wallets, an operation by id, credit lines and chargebacks in the lists. */
class ParityLookupIT extends ProjectionITBase {
    private static final Instant AT = Instant.parse("2026-12-06T03:00:00Z");

    @Test
    void aUsersWalletsAreListedWithTheirBalances() {
        String user = uniqueId("u");
        WalletStream a = new WalletStream(uniqueId("w-a"), "USD");
        WalletStream b = new WalletStream(uniqueId("w-b"), "EUR");
        publish(a.registered(user), a.payIn(uniqueId("op"), 700, AT), b.registered(user));

        await().atMost(PROJECTED).until(() -> get("/api/v1/users/" + user + "/wallets").getBody().path("wallets").size() == 2);
        JsonNode wallets = get("/api/v1/users/" + user + "/wallets").getBody().path("wallets");
        assertThat(wallets.findValuesAsText("walletId")).containsExactlyInAnyOrder(a.walletId, b.walletId);
        JsonNode first = wallets.get(0).path("walletId").asText().equals(a.walletId) ? wallets.get(0) : wallets.get(1);
        assertThat(first.path("available").asLong()).isEqualTo(700);
        assertThat(first.path("currency").asText()).isEqualTo("USD");
        assertThat(get("/api/v1/users/" + uniqueId("nobody") + "/wallets").getBody().path("wallets").size()).isZero();
    }

    @Test
    void anOperationIsFoundByItsIdWithBothLegsOfATransfer() {
        WalletStream from = new WalletStream(uniqueId("w-from"), "USD");
        WalletStream to = new WalletStream(uniqueId("w-to"), "USD");
        String op = uniqueId("tr");
        publish(from.registered(uniqueId("u")), to.registered(uniqueId("u")), from.payIn(uniqueId("pi"), 1000, AT),
                from.transferSent(op, to.walletId, 400, AT), to.transferReceived(op, from.walletId, 400, AT));

        await().atMost(PROJECTED).until(() -> get("/api/v1/operations/" + op).getStatusCode().is2xxSuccessful()
                && get("/api/v1/operations/" + op).getBody().path("lines").size() == 2);
        JsonNode lines = get("/api/v1/operations/" + op).getBody().path("lines");
        assertThat(lines.findValuesAsText("movementType")).containsExactlyInAnyOrder("TRANSFER_SENT", "TRANSFER_RECEIVED");
        ResponseEntity<JsonNode> unknown = get("/api/v1/operations/" + uniqueId("none"));
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getBody().path("title").asText()).isEqualTo("Operation not found");
    }

    @Test
    void creditLineMovementsAndAChargebackShowInTheTransactionList() {
        WalletStream w = new WalletStream(uniqueId("w-credit"), "USD");
        String cardId = uniqueId("c");
        CardStream card = new CardStream(cardId, w.walletId);
        String pay = uniqueId("pay");
        publish(w.registered(uniqueId("u")),
                w.other("CreditLineOpened", new CreditLineOpened(w.walletId, 10_000, 30, "line", "USD", new Balance(10_000, 0, "USD"), AT)),
                w.card(new CardLine(cardId, uniqueId("m"), "PeticionAutorizacion", "000777", "777", "SHOP", "M1", "5812", 2_500,
                        -2_500, 2_500, AuthorizationStatus.PENDING, Set.of(), LocalDateTime.of(2026, 12, 6, 3, 0))),
                w.other("CreditPaymentReported", new CreditPaymentReported(w.walletId, pay, 1_000, 200, "USD", "December", false,
                        new Balance(8_500, 2_500, "USD"), AT)),
                w.other("CreditLimitChanged", new CreditLimitChanged(w.walletId, uniqueId("lim"), 10_000, 12_000, "USD", "raise",
                        new Balance(10_500, 2_500, "USD"), AT)),
                card.registered(uniqueId("u")),
                card.other("ChargebackRequested", new ChargebackRequested(cardId, w.walletId, "000777", AT)),
                card.other("ChargebackStatusReported", new ChargebackStatusReported(cardId, w.walletId, "000777", "r-1", "Won",
                        ChargebackOutcome.WON, null, 2_500, true, "{}", AT)),
                w.other("ChargebackCredited", new ChargebackCredited(w.walletId, "chargeback:" + cardId + ":000777", cardId,
                        "000777", 2_500, "USD", new Balance(13_000, 2_500, "USD"), AT)));

        String list = "/api/v1/wallets/" + w.walletId + "/transactions";
        await().atMost(PROJECTED).until(() -> get(list).getBody() != null && get(list).getBody().path("items").size() == 5);
        JsonNode items = get(list).getBody().path("items");
        assertThat(items.findValuesAsText("movementType")).containsExactlyInAnyOrder("CREDIT_LINE_OPENED", "CARD",
                "CREDIT_PAYMENT", "CREDIT_LIMIT_CHANGED", "CHARGEBACK_CREDIT");
        JsonNode purchase = null;
        for (JsonNode item : items) {
            if (item.path("movementType").asText().equals("CARD")) {
                purchase = item;
            }
        }
        assertThat(purchase).isNotNull();
        assertThat(purchase.path("chargeback").path("chargeBackStatus").asText()).isEqualTo("Won");
        assertThat(purchase.path("chargeback").path("outcome").asText()).isEqualTo("WON");
        assertThat(purchase.path("chargeback").path("credited").asLong()).isEqualTo(2_500);
        assertThat(get("/api/v1/wallets/" + w.walletId).getBody().path("available").asLong()).isEqualTo(13_000);
        assertThat(get("/api/v1/operations/" + pay).getBody().path("lines").get(0).path("movementType").asText())
                .isEqualTo("CREDIT_PAYMENT");
    }
}
