package io.cardledger.projection.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.projection.LedgerFixtures.CardLine;
import io.cardledger.projection.LedgerFixtures.CardStream;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionITBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebuilds against the real broker and database. The live tables hold whatever every other test
 * of this JVM projected before (gaps, unreadable records and redeliveries included), so "the
 * rebuilt tables equal the live ones" is checked over far more than this class's own events.
 */
class RebuildIT extends ProjectionITBase {
    /** Columns PostgreSQL fills with now() or a sequence: when a row was written, not what it says. */
    private static final String VOLATILE = " - 'updated_at' - 'detected_at' - 'id'";

    @Test
    void aRebuildReplaysEveryEventIntoTablesEqualToTheLiveOnesAndTheLiveConsumerGoesOnAfterTheSwitch() {
        // given events of our own, with text that COPY must escape exactly as the live statements store it
        String odd = "Caf\u00e9 \"Tab\"\there\\back\nslash {a,b} \\N";
        WalletStream wallet = new WalletStream(uniqueId("w-rb"), "EUR");
        CardStream card = new CardStream(uniqueId("c-rb"), wallet.walletId);
        LocalDateTime c7 = LocalDateTime.of(2026, 11, 2, 10, 15, 30, 123_456_789);
        publish(wallet.registered(uniqueId("u")), wallet.payIn(uniqueId("op"), 10_000, Instant.now()),
                wallet.card(new CardLine(card.cardId, uniqueId("m"), "PeticionAutorizacion", "654321", "A1", odd, "000175240563",
                        "5812", 2_500, -2_500, 2_500, AuthorizationStatus.PENDING, Set.of(MovementFlag.NEGATIVE_AVAILABLE), c7)));
        publish(card.registered(uniqueId("u")), card.recorded("PeticionAutorizacion", "654321", "A1", odd, 2_500, -2_500, 2_500,
                new AuthorizationView("654321", AuthorizationStatus.PENDING, 2_500, 2_500, 0, 0), Set.of(), c7));
        awaitBalance(wallet.walletId, 7_500);
        await().atMost(PROJECTED).until(() -> get("/api/v1/cards/" + card.cardId + "/authorizations/654321").getStatusCode().is2xxSuccessful());
        Map<String, List<String>> live = tables();

        // when
        JsonNode first = rebuildAndWait();

        // then
        assertThat(first.get("phase").asText()).as(first.toString()).isEqualTo("DONE");
        assertThat(first.get("eventsRead").asLong()).isGreaterThanOrEqualTo(first.get("eventsTotal").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(first.get("eventsApplied").asLong()).isPositive();
        assertThat(tables()).isEqualTo(live);
        assertThat(jdbc.queryForObject("SELECT merchant_name FROM wallet_transaction WHERE wallet_id = ? AND sequence = 2",
                String.class, wallet.walletId)).isEqualTo(odd);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM projection_retired.wallet_balance WHERE wallet_id = ?",
                Integer.class, wallet.walletId)).as("the previous tables are kept, retired").isEqualTo(1);

        // and the live consumer goes on into the rebuilt tables
        publish(wallet.payIn(uniqueId("op"), 500, Instant.now()));
        awaitBalance(wallet.walletId, 8_000);

        // and a second rebuild gives identical tables: replay is deterministic
        Map<String, List<String>> afterFirst = tables();
        JsonNode second = rebuildAndWait();
        assertThat(second.get("phase").asText()).as(second.toString()).isEqualTo("DONE");
        assertThat(tables()).isEqualTo(afterFirst);
    }

    @Test
    void aSecondRebuildWhileOneRunsIsAConflictAndOnlyAnalystsMayRebuild() {
        ResponseEntity<JsonNode> refused = http.exchange(RequestEntity.post(URI.create("/api/v1/analyst/rebuilds"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE_TOKEN).build(), JsonNode.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);

        ResponseEntity<JsonNode> started = startRebuild();
        ResponseEntity<JsonNode> again = startRebuild();
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getHeaders().getContentType()).hasToString("application/problem+json");
        awaitFinished(started.getHeaders().getLocation().getPath());

        ResponseEntity<JsonNode> unknown = analystGet("/api/v1/analyst/rebuilds/" + uniqueId("nope"));
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
    }

    private JsonNode rebuildAndWait() {
        ResponseEntity<JsonNode> started = startRebuild();
        assertThat(started.getStatusCode().value()).as(String.valueOf(started.getBody())).isEqualTo(202);
        return awaitFinished(started.getHeaders().getLocation().getPath());
    }

    private JsonNode awaitFinished(String statusPath) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = analystGet(statusPath).getBody();
            String phase = last[0].get("phase").asText();
            return phase.equals("DONE") || phase.equals("FAILED");
        });
        return last[0];
    }

    private ResponseEntity<JsonNode> startRebuild() {
        return http.exchange(RequestEntity.post(URI.create("/api/v1/analyst/rebuilds"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ANALYST_TOKEN).build(), JsonNode.class);
    }

    private ResponseEntity<JsonNode> analystGet(String path) {
        return http.exchange(RequestEntity.get(URI.create(path)).header(HttpHeaders.AUTHORIZATION, "Bearer " + ANALYST_TOKEN).build(),
                JsonNode.class);
    }

    private void awaitBalance(String walletId, long available) {
        await().atMost(PROJECTED).until(() -> {
            ResponseEntity<JsonNode> r = get("/api/v1/wallets/" + walletId);
            return r.getStatusCode().is2xxSuccessful() && r.getBody().get("available").asLong() == available;
        });
    }

    /** Every rebuilt table, row by row as JSON, sorted: equal maps mean equal tables. */
    private Map<String, List<String>> tables() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : ShadowSchema.TABLES) {
            tables.put(table, jdbc.queryForList("SELECT (to_jsonb(t)" + VOLATILE + ")::text AS r FROM " + table + " t ORDER BY r",
                    String.class));
        }
        return tables;
    }
}
