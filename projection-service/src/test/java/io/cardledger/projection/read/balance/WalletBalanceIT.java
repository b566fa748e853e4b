package io.cardledger.projection.read.balance;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.Topics;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.projection.LedgerFixtures.CardLine;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionITBase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WalletBalanceIT extends ProjectionITBase {

    private void awaitSequence(String walletId, long sequence) {
        await().atMost(PROJECTED).until(() -> {
            ResponseEntity<JsonNode> r = get("/api/v1/wallets/" + walletId);
            return r.getStatusCode().is2xxSuccessful() && r.getBody().get("lastSequence").asLong() == sequence;
        });
    }

    @Test
    void showsTheBalanceAfterTheLastMovement() {
        // given
        WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
        String user = uniqueId("u");
        publish(wallet.registered(user),
                wallet.payIn(uniqueId("op"), 10_000, Instant.now()),
                wallet.card(new CardLine(uniqueId("c"), uniqueId("m"), "PeticionAutorizacion", "123456", "A1", "BULEVAR CAFE",
                        "000175240563", "5812", 2_500, -2_500, 2_500, AuthorizationStatus.PENDING, Set.of(), LocalDateTime.now())));

        // when
        awaitSequence(wallet.walletId, 2);

        // then
        JsonNode body = get("/api/v1/wallets/" + wallet.walletId).getBody();
        assertThat(body.get("walletId").asText()).isEqualTo(wallet.walletId);
        assertThat(body.get("userId").asText()).isEqualTo(user);
        assertThat(body.get("currency").asText()).isEqualTo("EUR");
        assertThat(body.get("available").asLong()).isEqualTo(7_500);
        assertThat(body.get("withheld").asLong()).isEqualTo(2_500);
        assertThat(body.get("total").asLong()).isEqualTo(10_000);
        assertThat(body.get("lastEventAt").asText()).isNotBlank();
    }

    @Test
    void unknownWalletIsANotFoundProblem() {
        ResponseEntity<JsonNode> r = get("/api/v1/wallets/" + uniqueId("nobody"));

        assertThat(r.getStatusCode().value()).isEqualTo(404);
        assertThat(r.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(r.getBody().get("title").asText()).isEqualTo("Wallet not found");
    }

    @Nested
    class Positions {
        @Test
        void redeliveryIsANoOpEvenWithDifferentContent() {
            // given a projected stream
            WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
            LedgerEventEnvelope registered = wallet.registered(uniqueId("u"));
            LedgerEventEnvelope payIn = wallet.payIn(uniqueId("op"), 5_000, Instant.now());
            publish(registered, payIn);
            awaitSequence(wallet.walletId, 1);
            double duplicatesBefore = counter("projection.events.skipped", "reason", "duplicate");

            // when both are delivered again, one with a different balance, and then a new event follows
            LedgerEventEnvelope forged = new LedgerEventEnvelope(payIn.eventId(), "Wallet", wallet.walletId, 1, payIn.globalIndex(),
                    "PayInRecorded", payIn.timestamp(), payIn.payload().deepCopy());
            ((com.fasterxml.jackson.databind.node.ObjectNode) forged.payload().get("balanceAfter")).put("availableMinor", 999_999);
            publish(registered, forged, wallet.payOut(uniqueId("op"), 1_000, Instant.now()));
            awaitSequence(wallet.walletId, 2);

            // then only the new event counted
            JsonNode body = get("/api/v1/wallets/" + wallet.walletId).getBody();
            assertThat(body.get("available").asLong()).isEqualTo(4_000);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM wallet_transaction WHERE wallet_id = ?", Long.class, wallet.walletId))
                    .isEqualTo(2);
            await().atMost(PROJECTED).untilAsserted(() ->
                    assertThat(counter("projection.events.skipped", "reason", "duplicate")).isGreaterThanOrEqualTo(duplicatesBefore + 2));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM projection_gap WHERE aggregate_id = ?", Long.class, wallet.walletId))
                    .isZero();
        }

        @Test
        void aGapIsAppliedAndRecorded() {
            // given
            WalletStream wallet = new WalletStream(uniqueId("w"), "USD");
            double gapsBefore = counter("projection.gaps", "aggregate_type", "Wallet");
            publish(wallet.registered(uniqueId("u")), wallet.payIn(uniqueId("op"), 1_000, Instant.now()));

            // when sequences 2 and 3 never arrive
            wallet.payIn(uniqueId("op"), 200, Instant.now());
            wallet.payIn(uniqueId("op"), 300, Instant.now());
            publish(wallet.payIn(uniqueId("op"), 400, Instant.now()));

            // then sequence 4 is applied, whole, and the hole is on record
            awaitSequence(wallet.walletId, 4);
            assertThat(get("/api/v1/wallets/" + wallet.walletId).getBody().get("available").asLong()).isEqualTo(1_900);
            Map<String, Object> gap = jdbc.queryForMap(
                    "SELECT aggregate_type, expected_sequence, received_sequence FROM projection_gap WHERE aggregate_id = ?", wallet.walletId);
            assertThat(gap).containsEntry("aggregate_type", "Wallet").containsEntry("expected_sequence", 2L)
                    .containsEntry("received_sequence", 4L);
            await().atMost(PROJECTED).untilAsserted(() ->
                    assertThat(counter("projection.gaps", "aggregate_type", "Wallet")).isGreaterThanOrEqualTo(gapsBefore + 1));
        }

        @Test
        void anUnknownEventTypeIsSkippedOnRecordWithoutMakingAGap() {
            // given
            WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
            double unknownBefore = counter("projection.events.skipped", "reason", "unknown_type");

            // when a newer ledger publishes a type this projection does not know
            publish(wallet.registered(uniqueId("u")),
                    wallet.other("WalletFrozen", Map.of("walletId", wallet.walletId, "reason", "court order")),
                    wallet.payIn(uniqueId("op"), 700, Instant.now()));

            // then the stream goes on, and the skipped event is on record
            awaitSequence(wallet.walletId, 2);
            assertThat(get("/api/v1/wallets/" + wallet.walletId).getBody().get("available").asLong()).isEqualTo(700);
            assertThat(jdbc.queryForObject("SELECT event_type FROM projection_skipped_event WHERE aggregate_id = ? AND reason = 'unknown_type'",
                    String.class, wallet.walletId)).isEqualTo("WalletFrozen");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM projection_gap WHERE aggregate_id = ?", Long.class, wallet.walletId)).isZero();
            await().atMost(PROJECTED).untilAsserted(() ->
                    assertThat(counter("projection.events.skipped", "reason", "unknown_type")).isGreaterThanOrEqualTo(unknownBefore + 1));
            assertThat(meters.find("projection.events.applied").tag("type", "WalletFrozen").counter()).isNull();
        }

        @Test
        void anUnreadableRecordDoesNotBlockThePartition() {
            // given a record that is not an envelope at all, with the same key as a wallet
            WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
            publishRaw(Topics.LEDGER_EVENTS, wallet.walletId, "{not json".getBytes(StandardCharsets.UTF_8));

            // when the wallet's events follow it in the same partition
            publish(wallet.registered(uniqueId("u")), wallet.payIn(uniqueId("op"), 300, Instant.now()));

            // then they are applied
            awaitSequence(wallet.walletId, 1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM projection_skipped_event WHERE reason = 'unreadable' "
                    + "AND detail LIKE 'unreadable envelope%'", Long.class)).isPositive();
        }
    }

    @Test
    void appliedEventsAreCountedByTypeAndLagIsTimed() {
        WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
        double before = counter("projection.events.applied", "type", "PayInRecorded");

        publish(wallet.registered(uniqueId("u")), wallet.payIn(uniqueId("op"), 1, Instant.now()));
        awaitSequence(wallet.walletId, 1);

        await().atMost(PROJECTED).untilAsserted(() ->
                assertThat(counter("projection.events.applied", "type", "PayInRecorded")).isGreaterThanOrEqualTo(before + 1));
        assertThat(meters.find("projection.lag").tag("type", "PayInRecorded").timer().count()).isPositive();
    }
}
