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
}
