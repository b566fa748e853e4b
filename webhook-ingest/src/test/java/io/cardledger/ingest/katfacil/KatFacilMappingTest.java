package io.cardledger.ingest.katfacil;

import io.cardledger.events.katfacil.KatFacilMapping;
import io.cardledger.events.katfacil.MappedField;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.katfacil.AmountReading;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.ingest.web.JsonBodies;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KatFacilMappingTest {
    private static final KatFacilMapping DEFAULTS = KatFacilMapping.defaults("USD");

    private static ObjectNode body(String json) {
        return JsonBodies.readObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KatFacilEvent read(KatFacilMapping mapping, String json) {
        ObjectNode body = body(json);
        return mapping.read(KatFacilMapping.eventName(body), body);
    }

    @Nested
    class DefaultShape {
        @Test
        void readsEveryFieldOfTheIssuesDefaultShape() {
            KatFacilEvent e = read(DEFAULTS, """
                    {"event": "digitalcard.transaction", "event_id": "ev-1",
                     "data": {"card_id": "c-1", "user_id": "u-1", "amount": "12.50", "currency": "USD",
                              "status": "completed", "transaction_id": "tx-9", "merchant": "AMZN",
                              "created_at": "2026-04-29T10:15:00Z"}}""");

            assertThat(e).isEqualTo(new KatFacilEvent("digitalcard.transaction", KatFacilEventKind.TRANSACTION, "ev-1", "c-1",
                    "u-1", null, "12.50", 1250, AmountReading.EXACT, "USD", "completed", "tx-9", "tx-9", "AMZN",
                    Instant.parse("2026-04-29T10:15:00Z")));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"digitalcard.newcard, NEW_CARD", "digitalcard.cardauthorization, CARD_AUTHORIZATION",
                "digitalcard.transaction, TRANSACTION", "digitalcard.blockchain, BLOCKCHAIN",
                "digitalcard.xpayactivation, XPAY_ACTIVATION", "digitalcard.fundrequest, FUND_REQUEST",
                "digitalcard.funded, FUNDED", "DigitalCard.Funded, FUNDED", "digitalcard.freeze, FREEZE",
                "digitalcard.unfreeze, UNFREEZE", "digitalcard.somethingnew, UNRECOGNISED"})
        void everySeedEventHasItsKindAndAnythingElseIsUnrecognised(String name, KatFacilEventKind kind) {
            assertThat(DEFAULTS.kindOf(name)).isEqualTo(kind);
        }

        @Test
        void theEventNameComesFromEventThenTypeThenEventType() {
            assertThat(KatFacilMapping.eventName(body("{\"type\": \"a\", \"event_type\": \"b\"}"))).isEqualTo("a");
            assertThat(KatFacilMapping.eventName(body("{\"event_type\": \"b\", \"event\": \"\"}"))).isEqualTo("b");
            assertThat(KatFacilMapping.eventName(body("{\"event\": 5, \"data\": {}}"))).isNull();
        }

        @Test
        void aBlockchainEventsActivityIsItsDataType() {
            KatFacilEvent e = read(DEFAULTS, """
                    {"event": "digitalcard.blockchain", "data": {"card_id": "c-1", "type": "deposit", "status": "confirmed",
                     "amount": "20", "currency": "USD", "transaction_id": "bc-1"}}""");

            assertThat(e.status()).isEqualTo("deposit");
        }

        @Test
        void aJsonNumberAmountIsReadExactly() {
            KatFacilEvent e = read(DEFAULTS, "{\"event\": \"digitalcard.funded\", \"data\": {\"card_id\": \"c\", \"amount\": 12.50}}");

            assertThat(e.amount()).isEqualTo("12.50");
            assertThat(e.amountMinor()).isEqualTo(1250);
        }

        @Test
        void anEventWithoutACurrencyIsInTheDefaultCurrencyAndCodesAreUpperCased() {
            assertThat(read(DEFAULTS, "{\"event\": \"digitalcard.funded\", \"data\": {\"amount\": \"5\"}}").currency()).isEqualTo("USD");
            KatFacilEvent jpy = read(DEFAULTS, "{\"event\": \"digitalcard.funded\", \"data\": {\"amount\": \"5\", \"currency\": \"jpy\"}}");
            assertThat(jpy.currency()).isEqualTo("JPY");
            assertThat(jpy.amountMinor()).isEqualTo(5);
        }

        @Test
        void anInexactAmountIsFlaggedAndWorthNothing() {
            KatFacilEvent e = read(DEFAULTS, "{\"event\": \"digitalcard.funded\", \"data\": {\"amount\": \"1.005\", \"currency\": \"USD\"}}");

            assertThat(e.amountReading()).isEqualTo(AmountReading.INEXACT);
            assertThat(e.amountMinor()).isZero();
        }

        @Test
        void missingFieldsAreNullAndAnUnreadableTimeIsNull() {
            KatFacilEvent e = read(DEFAULTS, "{\"event\": \"digitalcard.newcard\", \"created_at\": \"yesterday\"}");

            assertThat(e.cardId()).isNull();
            assertThat(e.eventId()).isNull();
            assertThat(e.amountReading()).isEqualTo(AmountReading.ABSENT);
            assertThat(e.occurredAt()).isNull();
        }
    }

    @Nested
    class Configured {
        @Test
        void kafFacilsRealFieldNamesAreAConfigurationChange() {
            KatFacilMapping mapping = new KatFacilMapping(
                    Map.of(MappedField.CARD_ID, List.of("payload.card.id"), MappedField.AMOUNT, List.of("payload.money.value")),
                    Map.of(KatFacilEventKind.FUNDED, List.of("card.fund.approved")),
                    Map.of(KatFacilEventKind.FUNDED, Map.of(MappedField.FUNDING_ID, List.of("payload.fund_ref"))), "EUR");

            KatFacilEvent e = read(mapping, """
                    {"event": "card.fund.approved", "event_id": "e-1",
                     "payload": {"card": {"id": "k-7"}, "money": {"value": "9.99"}, "fund_ref": "F-1"}}""");

            assertThat(e.kind()).isEqualTo(KatFacilEventKind.FUNDED);
            assertThat(e.cardId()).isEqualTo("k-7");
            assertThat(e.amountMinor()).isEqualTo(999);
            assertThat(e.currency()).isEqualTo("EUR");
            assertThat(e.fundingId()).isEqualTo("F-1");
            assertThat(mapping.kindOf("digitalcard.funded")).isEqualTo(KatFacilEventKind.UNRECOGNISED);
        }

        @Test
        void propertiesBindFieldKeysAndKinds() {
            KatFacilProperties properties = new KatFacilProperties("s", null, null, null, "USD", null,
                    Map.of("card-id", List.of("cid")),
                    Map.of(KatFacilEventKind.TRANSACTION, new KatFacilProperties.EventMapping(List.of("tx"), Map.of("status", List.of("st")))));

            KatFacilEvent e = read(properties.mapping(), "{\"event\": \"tx\", \"cid\": \"c-2\", \"st\": \"declined\"}");

            assertThat(e.kind()).isEqualTo(KatFacilEventKind.TRANSACTION);
            assertThat(e.cardId()).isEqualTo("c-2");
            assertThat(e.status()).isEqualTo("declined");
        }

        @Test
        void aNameGivenToTwoKindsOrAnUnknownFieldOrCurrencyRefusesToStart() {
            assertThatThrownBy(() -> new KatFacilMapping(Map.of(), Map.of(KatFacilEventKind.FUNDED, List.of("x"),
                    KatFacilEventKind.FUND_REQUEST, List.of("X")), Map.of(), "USD")).hasMessageContaining("both");
            assertThatThrownBy(() -> MappedField.ofKey("cardnumber")).hasMessageContaining("Unknown KatFacil mapping field");
            assertThatThrownBy(() -> KatFacilMapping.defaults("XYZ")).hasMessageContaining("default-currency");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDefaultsInApplicationYmlAreTheDefaultsInCode() {
        // The yml spells the whole default mapping out for operators; it must not drift from the code's.
        Map<String, Object> root = new org.yaml.snakeyaml.Yaml().load(getClass().getResourceAsStream("/application.yml"));
        Map<String, Object> katFacil = (Map<String, Object>) ((Map<String, Object>) root.get("cardledger")).get("katfacil");
        Map<String, Object> fields = (Map<String, Object>) katFacil.get("fields");
        for (MappedField field : MappedField.values()) {
            assertThat(fields.get(field.key())).as(field.key()).isEqualTo(KatFacilMapping.DEFAULT_FIELDS.get(field));
        }
        Map<String, Object> events = (Map<String, Object>) katFacil.get("events");
        for (KatFacilEventKind kind : KatFacilMapping.DEFAULT_NAMES.keySet()) {
            String key = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            assertThat(((Map<String, Object>) events.get(key)).get("names")).as(key).isEqualTo(KatFacilMapping.DEFAULT_NAMES.get(kind));
        }
    }
}
