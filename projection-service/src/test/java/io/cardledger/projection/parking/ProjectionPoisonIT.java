package io.cardledger.projection.parking;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.Topics;
import io.cardledger.projection.ProjectionITBase;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.trace.TraceParent;
import io.cardledger.projection.LedgerFixtures;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A ledger event the read models cannot take is parked; the events around it are applied. */
class ProjectionPoisonIT extends ProjectionITBase {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private JsonNode analyst(String method, String path) {
        RequestEntity<Void> request = RequestEntity.method(org.springframework.http.HttpMethod.valueOf(method), URI.create(path))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ANALYST_TOKEN).build();
        ResponseEntity<JsonNode> response = http.exchange(request, JsonNode.class);
        assertThat(response.getStatusCode().is2xxSuccessful()).as(String.valueOf(response.getBody())).isTrue();
        return response.getBody();
    }

    private JsonNode parkedWithKey(String key) {
        for (JsonNode r : analyst("GET", "/api/v1/analyst/parked?size=500&status=PARKED").get("records")) {
            if (r.get("key").asText("").contains(key) && Topics.LEDGER_EVENTS.equals(r.get("topic").asText())) {
                return r;
            }
        }
        return null;
    }

    @Test
    void aBalanceWhoseTotalOverflowsIsParkedAndTheWalletGoesOn() {
        // given
        WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
        String aggregateId = wallet.walletId;
        double before = counter("cardledger.parked.records", "consumer", "projection");

        // when: good events, then one whose total (available + withheld) overflows the read model's
        // column, then a good one (each in a poll of its own: a poll keeps only a wallet's last balance)
        publish(wallet.registered(uniqueId("u")), wallet.payIn(uniqueId("op"), 100, Instant.now()));
        await().atMost(PROJECTED).until(() -> get("/api/v1/wallets/" + wallet.walletId).getStatusCode().is2xxSuccessful());
        publishTraced(wallet.payInWithBalance(uniqueId("op"), 1, Long.MAX_VALUE, 1));
        JsonNode parked = await().atMost(Duration.ofSeconds(10)).until(() -> parkedWithKey(aggregateId), r -> r != null);
        publish(wallet.payInWithBalance(uniqueId("op"), 50, 150, 0));

        // then
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            ResponseEntity<JsonNode> r = get("/api/v1/wallets/" + wallet.walletId);
            return r.getStatusCode().is2xxSuccessful() && r.getBody().get("lastSequence").asLong() == 3;
        });
        assertThat(get("/api/v1/wallets/" + wallet.walletId).getBody().get("available").asLong()).isEqualTo(150);
        assertThat(parked.get("consumer").asText()).isEqualTo("projection");
        assertThat(parked.get("reason").asText()).containsIgnoringCase("out of range");
        assertThat(counter("cardledger.parked.records", "consumer", "projection")).isGreaterThan(before);
        JsonNode shown = analyst("GET", "/api/v1/analyst/parked/" + parked.get("id").asLong());
        assertThat(shown.get("payload").asText()).contains(wallet.walletId);
        assertThat(shown.get("traceparent").asText()).isEqualTo(TRACEPARENT);
    }

    private static void publishTraced(LedgerEventEnvelope envelope) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.LEDGER_EVENTS, envelope.aggregateId(),
                LedgerFixtures.bytes(envelope));
        record.headers().add(TraceParent.HEADER, TRACEPARENT.getBytes(StandardCharsets.US_ASCII));
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not take the test event", e);
        }
    }
}
