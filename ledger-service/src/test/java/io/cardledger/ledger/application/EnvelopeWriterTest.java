package io.cardledger.ledger.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.events.wallet.PayInRecorded;
import io.cardledger.events.wallet.Balance;
import io.cardledger.ledger.support.Notifications;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox's hand-written envelope against the bean serializer it replaced: the same bytes. */
class EnvelopeWriterTest {
    private static final ObjectMapper JSON = LedgerEventTypes.configure(new ObjectMapper());

    @Test
    void writesTheBytesTheBeanSerializerWrites() throws Exception {
        RawNotification raw = Notifications.of("PeticionAutorizacion", "card-ñ-1").c11("000123456789").amount(12_345)
                .merchant("Café «Ñandú» \"quoted\" \\ \u2603 \uD83D\uDE00").raw();
        List<Object> payloads = List.of(
                new CardNotificationRecorded("card-ñ-1", "wallet-1", raw.notificationId(), 1, raw, -12_345, 12_345,
                        new AuthorizationView("000123456789", AuthorizationStatus.PENDING, 12_345, 12_345, 0, 0),
                        Set.of(MovementFlag.NEGATIVE_AVAILABLE), Instant.parse("2026-11-23T18:00:00Z")),
                new PayInRecorded("wallet-1", "op-1", 500, "EUR", "statement", new Balance(500, 0, "EUR"),
                        Instant.parse("2026-11-23T18:00:00.123456Z")));
        EnvelopeWriter writer = new EnvelopeWriter(JSON.getFactory());
        for (Object payload : payloads) {
            byte[] stored = JSON.writeValueAsBytes(payload);
            for (Instant timestamp : List.of(Instant.parse("2026-11-23T18:00:00Z"), Instant.parse("2026-11-23T18:00:00.120Z"),
                    Instant.parse("2026-11-23T18:00:00.000001Z"), Instant.parse("+12026-01-01T00:00:00Z"))) {
                LedgerEventEnvelope envelope = new LedgerEventEnvelope("event-1", "Card", "card:card-ñ-1", 7, 123_456_789_012L,
                        payload.getClass().getSimpleName(), timestamp,
                        JSON.getNodeFactory().rawValueNode(new RawValue(new String(stored, StandardCharsets.UTF_8))));
                byte[] expected = JSON.writeValueAsBytes(envelope);

                byte[] written = writer.write("event-1", "Card", "card:card-ñ-1", 7, 123_456_789_012L,
                        payload.getClass().getSimpleName(), timestamp, stored);

                assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
                assertThat(written).isEqualTo(expected);
                LedgerEventEnvelope read = JSON.readValue(written, LedgerEventEnvelope.class);
                assertThat(JSON.treeToValue(read.payload(), payload.getClass())).isEqualTo(payload);
            }
        }
    }

    @Test
    void aPayloadLargerThanTheGeneratorsBufferIsCopiedWhole() throws Exception {
        String large = "x".repeat(20_000) + "é";
        byte[] stored = JSON.writeValueAsBytes(new PayInRecorded("wallet-1", "op-1", 500, "EUR", large,
                new Balance(500, 0, "EUR"), Instant.parse("2026-11-23T18:00:00Z")));
        EnvelopeWriter writer = new EnvelopeWriter(JSON.getFactory());
        for (int i = 0; i < 3; i++) { // the buffer is reused between envelopes
            byte[] written = writer.write("e", "Wallet", "wallet:wallet-1", i, i, "PayInRecorded", Instant.EPOCH, stored);
            LedgerEventEnvelope read = JSON.readValue(written, LedgerEventEnvelope.class);
            assertThat(read.sequence()).isEqualTo(i);
            assertThat(read.payload().get("statement").asText()).isEqualTo(large);
        }
    }
}
