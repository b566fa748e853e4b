package io.cardledger.projection.read.transactions;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.projection.LedgerFixtures.CardLine;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionITBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One wallet with a week of activity: card purchases at two merchants with their batch
 * settlement and correction, a decline, a pay-in, a pay-out and transfers both ways.
 */
class TransactionListIT extends ProjectionITBase {
    private WalletStream wallet;
    private String card;
    private String cafeAuthorization;
    private String cafeCorrection;

    @BeforeEach
    void week() {
        wallet = new WalletStream(uniqueId("w"), "EUR");
        card = uniqueId("card");
        cafeAuthorization = uniqueId("auth");
        cafeCorrection = uniqueId("corr");
        publish(
                wallet.registered(uniqueId("u")),                                                   // seq 0
                wallet.payIn("payin-1", 50_000, Instant.parse("2026-07-01T09:00:00Z")),             // seq 1
                wallet.card(new CardLine(card, cafeAuthorization, "PeticionAutorizacion", "c11-cafe", "A1", "BULEVAR CAFE EL RANERO MURCIA",
                        "000000175240563", "5812", 1_617, -1_617, 1_617, AuthorizationStatus.PENDING, Set.of(),
                        LocalDateTime.parse("2026-07-02T10:00:00"))),                               // seq 2
                wallet.card(new CardLine(card, uniqueId("mk"), "PeticionAutorizacion", "c11-shop", "B2", "MERCADONA 50% OFF",
                        "000000999", "5411", 4_000, -4_000, 4_000, AuthorizationStatus.PENDING, Set.of(),
                        LocalDateTime.parse("2026-07-02T18:30:00"))),                               // seq 3
                // The batch corrects the café purchase the next night: the hold goes, 100 more is charged.
                wallet.card(new CardLine(card, cafeCorrection, "TransaccionCorregidaNegativa", "c11-cafe", "", "BULEVAR CAFE EL RANERO MURCIA",
                        "000000175240563", "5812", 100, -100, -1_617, AuthorizationStatus.SETTLED, Set.of(MovementFlag.BATCH_ONLY),
                        LocalDateTime.parse("2026-07-03T02:00:00"))),                               // seq 4
                wallet.card(new CardLine(card, uniqueId("dec"), "DENEGADA SALDO", "", "", "BULEVAR CAFE EL RANERO MURCIA",
                        "000000175240563", "5812", 9_999, 0, 0, AuthorizationStatus.NONE, Set.of(MovementFlag.DECLINED),
                        LocalDateTime.parse("2026-07-04T12:00:00"))),                               // seq 5
                wallet.payOut("payout-1", 5_000, Instant.parse("2026-07-05T08:00:00Z")),           // seq 6
                wallet.transferSent("tr-out", uniqueId("w"), 2_000, Instant.parse("2026-07-06T08:00:00Z")),     // seq 7
                wallet.transferReceived("tr-in", uniqueId("w"), 700, Instant.parse("2026-07-07T08:00:00Z")));   // seq 8
        await().atMost(PROJECTED).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM wallet_transaction WHERE wallet_id = ?", Long.class, wallet.walletId) == 8);
    }

    private JsonNode list(String query) {
        ResponseEntity<JsonNode> r = get("/api/v1/wallets/" + wallet.walletId + "/transactions" + query);
        assertThat(r.getStatusCode().value()).as(r.toString()).isEqualTo(200);
        return r.getBody();
    }

    private static List<Long> sequences(JsonNode page) {
        List<Long> s = new ArrayList<>();
        page.get("items").forEach(i -> s.add(i.get("sequence").asLong()));
        return s;
    }

    @Test
    void newestFirstWithoutDeclinesShowingHowEachLineMovedTheBalance() {
        JsonNode page = list("");

        assertThat(sequences(page)).containsExactly(8L, 7L, 6L, 4L, 3L, 2L, 1L);
        assertThat(page.get("totalItems").asLong()).isEqualTo(7);
        JsonNode correction = page.get("items").get(3);
        assertThat(correction.get("notificationType").asText()).isEqualTo("TransaccionCorregidaNegativa");
        assertThat(correction.get("kind").asText()).isEqualTo("CORRECTION_NEGATIVE");
        assertThat(correction.get("availableDelta").asLong()).isEqualTo(-100);
        assertThat(correction.get("withheldDelta").asLong()).isEqualTo(-1_617);
        assertThat(correction.get("availableAfter").asLong()).isEqualTo(50_000 - 1_617 - 4_000 - 100);
        assertThat(correction.get("withheldAfter").asLong()).isEqualTo(4_000);
        assertThat(correction.get("merchantId").asText()).isEqualTo("000000175240563");
        assertThat(correction.get("merchantCategory").asText()).isEqualTo("5812");
        assertThat(correction.get("flags").get(0).asText()).isEqualTo("BATCH_ONLY");
        JsonNode transferIn = page.get("items").get(0);
        assertThat(transferIn.get("movementType").asText()).isEqualTo("TRANSFER_RECEIVED");
        assertThat(transferIn.get("availableAfter").asLong()).isEqualTo(50_000 - 1_617 - 4_000 - 100 - 5_000 - 2_000 + 700);
    }

    @Test
    void aBatchCorrectionLinksToItsOriginalAuthorization() {
        JsonNode correction = list("").get("items").get(3);

        JsonNode link = correction.get("authorization");
        assertThat(link.get("cardId").asText()).isEqualTo(card);
        assertThat(link.get("transactionId").asText()).isEqualTo("c11-cafe");
        assertThat(link.get("href").asText()).isEqualTo("/api/v1/cards/" + card + "/authorizations/c11-cafe");
        assertThat(link.get("original").get("movementId").asText()).isEqualTo(cafeAuthorization);
        assertThat(link.get("original").get("amount").asLong()).isEqualTo(1_617);
        JsonNode authorization = list("").get("items").get(5);
        assertThat(authorization.get("movementId").asText()).isEqualTo(cafeAuthorization);
        assertThat(authorization.get("authorization").get("original").isNull()).isTrue();
    }

    @Test
    void declinesAreShownOnlyWhenAskedFor() {
        assertThat(sequences(list("?includeDeclined=true"))).contains(5L).hasSize(8);
    }

    @Test
    void pagesCoverTheListOnceEach() {
        JsonNode first = list("?page=0&size=3");
        JsonNode second = list("?page=1&size=3");
        JsonNode third = list("?page=2&size=3");
        JsonNode beyond = list("?page=3&size=3");

        List<Long> all = new ArrayList<>(sequences(first));
        all.addAll(sequences(second));
        all.addAll(sequences(third));
        assertThat(all).containsExactly(8L, 7L, 6L, 4L, 3L, 2L, 1L);
        assertThat(first.get("totalPages").asInt()).isEqualTo(3);
        assertThat(third.get("page").asInt()).isEqualTo(2);
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("totalItems").asLong()).isEqualTo(7);
    }

    @Nested
    class Filters {
        @Test
        void dateRangeIsOnTransactionTimeWithWholeDays() {
            assertThat(sequences(list("?from=2026-07-02&to=2026-07-03"))).containsExactly(4L, 3L, 2L);
        }

        @Test
        void dateTimesAreInclusiveAtBothEnds() {
            assertThat(sequences(list("?from=2026-07-02T10:00:00Z&to=2026-07-02T18:30:00Z"))).containsExactly(3L, 2L);
            assertThat(sequences(list("?from=2026-07-02T12:00:00%2B02:00&to=2026-07-05T08:00:00"))).containsExactly(6L, 4L, 3L, 2L);
        }

        @Test
        void merchantIsACaseInsensitiveFragmentOfC43() {
            assertThat(sequences(list("?merchant=bulevar"))).containsExactly(4L, 2L);
            assertThat(sequences(list("?merchant=50%25"))).containsExactly(3L);
            assertThat(sequences(list("?merchant=5_%25"))).isEmpty();
        }

        @Test
        void filtersCombineAndCountTheFilteredList() {
            JsonNode page = list("?merchant=Cafe&from=2026-07-03&size=1");
            assertThat(sequences(page)).containsExactly(4L);
            assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "?size=0|size",
            "?size=201|size",
            "?page=-1|page",
            "?page=abc|page",
            "?from=yesterday|from",
            "?to=2026-13-01|to",
            "?from=2026-07-05&to=2026-07-01|from",
            "?includeDeclined=maybe|includeDeclined"})
    void badQueryParametersAreProblems(String query, String parameter) {
        ResponseEntity<JsonNode> r = get("/api/v1/wallets/" + wallet.walletId + "/transactions" + query);

        assertThat(r.getStatusCode().value()).isEqualTo(400);
        assertThat(r.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(r.getBody().get("title").asText()).isEqualTo("Invalid query parameter");
        assertThat(r.getBody().get("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void unknownWalletIsANotFoundProblem() {
        ResponseEntity<JsonNode> r = get("/api/v1/wallets/" + uniqueId("nobody") + "/transactions");

        assertThat(r.getStatusCode().value()).isEqualTo(404);
        assertThat(r.getBody().get("title").asText()).isEqualTo("Wallet not found");
    }
}
