package io.cardledger.projection.read.authorizations;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.projection.LedgerFixtures.CardStream;
import io.cardledger.projection.ProjectionITBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AuthorizationIT extends ProjectionITBase {
    private static final LocalDateTime C7 = LocalDateTime.parse("2026-07-02T10:00:00");

    private JsonNode ok(String path) {
        ResponseEntity<JsonNode> r = get(path);
        assertThat(r.getStatusCode().value()).as(r.toString()).isEqualTo(200);
        return r.getBody();
    }

    private void awaitHistory(String cardId, long steps) {
        await().atMost(PROJECTED).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM authorization_history WHERE card_id = ?", Long.class, cardId) >= steps);
    }

    @Test
    void multiclearingGoesFromPendingThroughPartlySettledToSettled() {
        // given
        CardStream card = new CardStream(uniqueId("card"), uniqueId("w"));
        publish(card.registered(uniqueId("u")),
                card.recorded("PeticionAutorizacion", "111", "A1", "HOTEL ROMA", 10_000, -10_000, 10_000,
                        new AuthorizationView("111", AuthorizationStatus.PENDING, 10_000, 10_000, 0, 0), Set.of(), C7),
                card.recorded("TransaccionConfirmada", "111", "", "HOTEL ROMA", 6_000, 0, -6_000,
                        new AuthorizationView("111", AuthorizationStatus.PARTLY_SETTLED, 10_000, 4_000, 6_000, 1),
                        Set.of(MovementFlag.MULTICLEARING_PARTIAL), C7));

        // when the partial settlement is projected
        awaitHistory(card.cardId, 2);
        JsonNode partly = ok("/api/v1/cards/" + card.cardId + "/authorizations/111");
        assertThat(partly.get("status").asText()).isEqualTo("PARTLY_SETTLED");
        assertThat(partly.get("held").asLong()).isEqualTo(4_000);

        // and then the closing one
        publish(card.recorded("TransaccionConfirmada", "111", "", "HOTEL ROMA", 3_000, 1_000, -4_000,
                new AuthorizationView("111", AuthorizationStatus.SETTLED, 10_000, 0, 9_000, 2),
                Set.of(MovementFlag.MULTICLEARING_CLOSE), C7));
        awaitHistory(card.cardId, 3);

        // then
        JsonNode settled = ok("/api/v1/cards/" + card.cardId + "/authorizations/111");
        assertThat(settled.get("status").asText()).isEqualTo("SETTLED");
        assertThat(settled.get("authorized").asLong()).isEqualTo(10_000);
        assertThat(settled.get("held").asLong()).isZero();
        assertThat(settled.get("settled").asLong()).isEqualTo(9_000);
        assertThat(settled.get("modifications").asInt()).isEqualTo(2);
        assertThat(settled.get("authorizationCode").asText()).isEqualTo("A1");
        assertThat(settled.get("merchantName").asText()).isEqualTo("HOTEL ROMA");
        assertThat(settled.get("firstNotificationType").asText()).isEqualTo("PeticionAutorizacion");
        assertThat(settled.get("corrected").asBoolean()).isFalse();
        List<String> statuses = new ArrayList<>();
        settled.get("history").forEach(s -> statuses.add(s.get("statusAfter").asText()));
        assertThat(statuses).containsExactly("PENDING", "PARTLY_SETTLED", "SETTLED");
        assertThat(settled.get("history").get(2).get("availableDelta").asLong()).isEqualTo(1_000);
        assertThat(settled.get("history").get(2).get("flags").get(0).asText()).isEqualTo("MULTICLEARING_CLOSE");
    }

    @Test
    void listsEveryLifecycleOfACardAndFiltersByStatus() {
        // given
        CardStream card = new CardStream(uniqueId("card"), uniqueId("w"));
        publish(card.registered(uniqueId("u")),
                // a reversal before its authorization: parked
                card.recorded("ComunicacionAnulacion", "201", "", "SHOP", 500, 0, 0,
                        new AuthorizationView("201", AuthorizationStatus.REVERSAL_PARKED, 0, 0, 0, 0), Set.of(MovementFlag.REVERSAL_PARKED), C7),
                // a purchase later corrected by the batch
                card.recorded("PeticionAutorizacion", "202", "B2", "SHOP", 2_000, -2_000, 2_000,
                        new AuthorizationView("202", AuthorizationStatus.PENDING, 2_000, 2_000, 0, 0), Set.of(), C7),
                card.recorded("TransaccionCorregidaPositiva", "202", "", "SHOP", 300, 300, -2_000,
                        new AuthorizationView("202", AuthorizationStatus.SETTLED, 2_000, 0, 1_700, 1), Set.of(), C7),
                // an expired hold
                card.recorded("PeticionAutorizacion", "203", "C3", "FUEL", 5_000, -5_000, 5_000,
                        new AuthorizationView("203", AuthorizationStatus.PENDING, 5_000, 5_000, 0, 0), Set.of(), C7),
                card.recorded("ComunicacionAnulacion", "203", "", "FUEL", 5_000, 5_000, -5_000,
                        new AuthorizationView("203", AuthorizationStatus.EXPIRED, 5_000, 0, 0, 0), Set.of(MovementFlag.EXPIRY), C7),
                // a decline with no c11 matches nothing
                card.recorded("DENEGADA SALDO", "", "", "SHOP", 9_000, 0, 0, AuthorizationView.none(""), Set.of(MovementFlag.DECLINED), C7));
        awaitHistory(card.cardId, 5);

        // when
        JsonNode all = ok("/api/v1/cards/" + card.cardId + "/authorizations");
        JsonNode parked = ok("/api/v1/cards/" + card.cardId + "/authorizations?status=reversal_parked");

        // then
        assertThat(all.get("totalItems").asLong()).isEqualTo(3);
        List<String> states = new ArrayList<>();
        all.get("items").forEach(a -> states.add(a.get("transactionId").asText() + "=" + a.get("status").asText()
                + (a.get("corrected").asBoolean() ? "+corrected" : "")));
        assertThat(states).containsExactlyInAnyOrder("201=REVERSAL_PARKED", "202=SETTLED+corrected", "203=EXPIRED");
        assertThat(all.get("items").get(0).get("history").isNull()).isTrue();
        assertThat(parked.get("items")).hasSize(1);
        assertThat(parked.get("items").get(0).get("transactionId").asText()).isEqualTo("201");
    }

    @Test
    void unknownIdsAndBadFiltersAreProblems() {
        CardStream card = new CardStream(uniqueId("card"), uniqueId("w"));
        publish(card.registered(uniqueId("u")));
        await().atMost(PROJECTED).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM card WHERE card_id = ?", Long.class, card.cardId) == 1);

        assertThat(ok("/api/v1/cards/" + card.cardId + "/authorizations").get("items")).isEmpty();
        assertThat(get("/api/v1/cards/" + card.cardId + "/authorizations/999").getBody().get("title").asText())
                .isEqualTo("Authorization not found");
        ResponseEntity<JsonNode> unknownCard = get("/api/v1/cards/" + uniqueId("nocard") + "/authorizations");
        assertThat(unknownCard.getStatusCode().value()).isEqualTo(404);
        assertThat(unknownCard.getBody().get("title").asText()).isEqualTo("Card not found");
        ResponseEntity<JsonNode> badStatus = get("/api/v1/cards/" + card.cardId + "/authorizations?status=DONE");
        assertThat(badStatus.getStatusCode().value()).isEqualTo(400);
        assertThat(badStatus.getBody().get("parameter").asText()).isEqualTo("status");
    }

    @Test
    void notificationsWaitingForTheCardAreCountedUntilItIsRegistered() {
        CardStream card = new CardStream(uniqueId("card"), uniqueId("w"));
        publish(card.awaiting("PeticionAutorizacion", "301", 100), card.awaiting("PeticionAutorizacion", "302", 200));
        await().atMost(PROJECTED).until(() -> Integer.valueOf(2).equals(jdbc.query(
                "SELECT notifications_awaiting FROM card WHERE card_id = ?", (rs, i) -> rs.getInt(1), card.cardId)
                .stream().findFirst().orElse(null)));

        publish(card.registered(uniqueId("u")));

        // No row until the registration is projected (queryForObject would throw on the first poll then).
        await().atMost(PROJECTED).until(() -> Integer.valueOf(0).equals(jdbc.query(
                "SELECT notifications_awaiting FROM card WHERE card_id = ? AND wallet_id IS NOT NULL",
                (rs, i) -> rs.getInt(1), card.cardId).stream().findFirst().orElse(null)));
    }
}
