package io.cardledger.projection.read.transactions;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.Topics;
import io.cardledger.projection.LedgerFixtures;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionITBase;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** W3C trace context: the trace id of a ledger-events record's traceparent header is kept on its transaction line. */
class TransactionTraceIdIT extends ProjectionITBase {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static void publish(LedgerEventEnvelope envelope, String traceparent) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.LEDGER_EVENTS, envelope.aggregateId(),
                LedgerFixtures.bytes(envelope));
        if (traceparent != null) {
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        producer().send(record).get();
    }

    @Test
    void aLineKeepsTheTraceIdOfItsRecordAndLinesWithoutOneOrWithAnInvalidOneHaveNone() throws Exception {
        WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
        publish(wallet.registered(uniqueId("u")), null);
        publish(wallet.payIn("traced", 1_000, Instant.parse("2026-07-01T09:00:00Z")),
                "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
        publish(wallet.payIn("untraced", 2_000, Instant.parse("2026-07-01T10:00:00Z")), null);
        publish(wallet.payIn("garbled", 3_000, Instant.parse("2026-07-01T11:00:00Z")),
                "00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01");
        await().atMost(PROJECTED).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM wallet_transaction WHERE wallet_id = ?", Long.class, wallet.walletId) == 3);

        Map<Long, String> stored = new HashMap<>();
        jdbc.query("SELECT amount_minor, trace_id FROM wallet_transaction WHERE wallet_id = ?",
                rs -> {
                    stored.put(rs.getLong(1), rs.getString(2));
                }, wallet.walletId);
        assertThat(stored).containsEntry(1_000L, TRACE_ID).containsEntry(2_000L, null).containsEntry(3_000L, null);

        ResponseEntity<JsonNode> page = get("/api/v1/wallets/" + wallet.walletId + "/transactions");
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        Map<Long, JsonNode> shown = new HashMap<>();
        page.getBody().get("items").forEach(i -> shown.put(i.get("amount").asLong(), i.get("traceId")));
        assertThat(shown.get(1_000L).asText()).isEqualTo(TRACE_ID);
        assertThat(shown.get(2_000L).isNull()).isTrue();
    }
}
