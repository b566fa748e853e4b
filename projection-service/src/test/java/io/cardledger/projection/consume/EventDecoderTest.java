package io.cardledger.projection.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.wallet.PayInRecorded;
import io.cardledger.projection.LedgerFixtures;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventDecoderTest {
    private static final Decoded.KafkaCoordinates AT = new Decoded.KafkaCoordinates("t", 0, 42);
    private final EventDecoder decoder = new EventDecoder(LedgerEventTypes.configure(new ObjectMapper()));
    private final WalletStream wallet = new WalletStream("w1", "EUR");

    @Test
    void readsAKnownTypeIntoItsRecord() {
        wallet.registered("u1");
        Decoded d = decoder.decode(AT, LedgerFixtures.bytes(wallet.payIn("op1", 1_500, Instant.parse("2026-07-01T10:00:00Z"))));

        assertThat(d).isInstanceOf(Decoded.Readable.class);
        Decoded.Readable r = (Decoded.Readable) d;
        assertThat(r.envelope().sequence()).isEqualTo(1);
        assertThat(r.event()).isInstanceOfSatisfying(PayInRecorded.class, p -> {
            assertThat(p.amountMinor()).isEqualTo(1_500);
            assertThat(p.balanceAfter().availableMinor()).isEqualTo(1_500);
            assertThat(p.occurredAt()).isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
        });
    }

    @Test
    void anUnknownTypeKeepsItsEnvelope() {
        Decoded d = decoder.decode(AT, LedgerFixtures.bytes(wallet.other("WalletFrozen", Map.of("x", 1))));

        assertThat(d).isInstanceOfSatisfying(Decoded.UnknownType.class, u -> {
            assertThat(u.envelope().aggregateId()).isEqualTo("w1");
            assertThat(u.envelope().type()).isEqualTo("WalletFrozen");
        });
    }

    @Test
    void aKnownTypeWithAPayloadThatDoesNotFitIsUnreadableButPositioned() {
        Decoded d = decoder.decode(AT, LedgerFixtures.bytes(wallet.other("PayInRecorded", Map.of("amountMinor", "lots"))));

        assertThat(d).isInstanceOfSatisfying(Decoded.Unreadable.class, u -> {
            assertThat(u.envelope()).isNotNull();
            assertThat(u.detail()).startsWith("unreadable PayInRecorded");
        });
    }

    @Test
    void bytesThatAreNotAnEnvelopeAreUnreadableWithoutPosition() {
        Decoded d = decoder.decode(AT, "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(d).isInstanceOfSatisfying(Decoded.Unreadable.class, u -> {
            assertThat(u.envelope()).isNull();
            assertThat(u.at().offset()).isEqualTo(42);
        });
        assertThat(decoder.decode(AT, "{\"type\":\"PayInRecorded\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Decoded.Unreadable.class);
    }

    @Test
    void theOnePassDecodingAgreesWithTheCarefulOneOnEveryKindOfEvent() {
        LedgerFixtures.CardStream card = new LedgerFixtures.CardStream("c1", "w1");
        java.time.LocalDateTime c7 = java.time.LocalDateTime.of(2026, 7, 1, 10, 0, 1, 123_456_789);
        java.util.List<io.cardledger.events.LedgerEventEnvelope> envelopes = java.util.List.of(
                wallet.registered("u1"), wallet.payIn("op1", 1_500, Instant.now()), wallet.payOut("op2", 500, Instant.now()),
                wallet.transferSent("op3", "w2", 100, Instant.now()), wallet.transferReceived("op4", "w3", 200, Instant.now()),
                wallet.card(new LedgerFixtures.CardLine("c1", "m1", "PeticionAutorizacion", "123", "A1", "SHOP \"1\"", "M1", "5812",
                        700, -700, 700, io.cardledger.events.card.AuthorizationStatus.PENDING,
                        java.util.Set.of(io.cardledger.events.card.MovementFlag.NEGATIVE_AVAILABLE), c7)),
                card.registered("u1"), card.awaiting("PeticionAutorizacion", "124", 300),
                card.recorded("PeticionAutorizacion", "123", "A1", "SHOP", 700, -700, 700,
                        new io.cardledger.events.card.AuthorizationView("123", io.cardledger.events.card.AuthorizationStatus.PENDING,
                                700, 700, 0, 0), java.util.Set.of(), c7));
        for (var e : envelopes) {
            byte[] bytes = LedgerFixtures.bytes(e);
            Decoded fast = decoder.decode(AT, bytes);
            Decoded careful = decoder.decodeCarefully(AT, bytes);
            assertThat(fast).as(e.type()).isInstanceOf(Decoded.Readable.class);
            assertThat(((Decoded.Readable) fast).event()).as(e.type()).isEqualTo(((Decoded.Readable) careful).event());
            assertThat(((Decoded.Readable) fast).envelope()).as(e.type())
                    .usingRecursiveComparison().ignoringFields("payload").isEqualTo(((Decoded.Readable) careful).envelope());
        }
    }

    @Test
    void aPayloadWrittenBeforeItsTypeIsStillRead() {
        String json = """
                {"payload":{"walletId":"w9","operationId":"op","amountMinor":42,"currency":"EUR","statement":"s",
                  "balanceAfter":{"availableMinor":42,"withheldMinor":0,"currency":"EUR"},"occurredAt":"2026-07-01T10:00:00Z"},
                 "eventId":"e1","aggregateType":"Wallet","aggregateId":"w9","sequence":3,"globalIndex":7,"type":"PayInRecorded",
                 "timestamp":"2026-07-01T10:00:00Z"}""";

        Decoded d = decoder.decode(AT, json.getBytes(StandardCharsets.UTF_8));

        assertThat(d).isInstanceOfSatisfying(Decoded.Readable.class, r -> {
            assertThat(r.envelope().sequence()).isEqualTo(3);
            assertThat(r.event()).isInstanceOfSatisfying(PayInRecorded.class, p -> assertThat(p.amountMinor()).isEqualTo(42));
        });
    }
}
