package io.cardledger.ingest.katfacil;

import io.cardledger.events.katfacil.KatFacilMapping;

import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.ingest.web.CardDataScrubber;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.SharedSecret;
import io.cardledger.ingest.web.WebhookRejectedException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KatFacilIntakeTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);

    private static KatFacilIntake intake(byte[] signatureKey) {
        List<String> keys = new ArrayList<>(CardDataScrubber.DEFAULT_KEYS);
        keys.addAll(KatFacilProperties.DEFAULT_SCRUB_KEYS);
        return new KatFacilIntake(new SharedSecret("current", "previous"), signatureKey, KatFacilMapping.defaults("USD"),
                new CardDataScrubber(keys, List.of()), CLOCK);
    }

    private static final KatFacilIntake INTAKE = intake(null);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Rejection rejection(Runnable r) {
        try {
            r.run();
        } catch (WebhookRejectedException e) {
            return e.rejection();
        }
        return null;
    }

    @Nested
    class Authentication {
        @ParameterizedTest(name = "\"{0}\" -> accepted {1}")
        @CsvSource(nullValues = "NULL", value = {"Bearer current, true", "bearer previous, true", "Bearer  current , true",
                "Bearer wrong, false", "current, false", "Basic current, false", "'', false", "NULL, false", "Bearer , false"})
        void onlyTheConfiguredSecretsAsABearerTokenOpenTheWebhook(String header, boolean accepted) {
            assertThat(rejection(() -> INTAKE.authenticate(header))).isEqualTo(accepted ? null : Rejection.UNAUTHORIZED);
        }

        @Test
        void aSignatureIsCheckedOnlyWhenConfiguredAgainstHmacSha256OfTheBody() {
            byte[] key = bytes("sign-key");
            KatFacilIntake signed = intake(key);
            byte[] body = bytes("{\"event\":\"digitalcard.funded\"}");
            String hex = HexFormat.of().formatHex(signed.hmac(body));

            assertThat(rejection(() -> signed.verifySignature(hex, body))).isNull();
            assertThat(rejection(() -> signed.verifySignature("sha256=" + hex.toUpperCase(), body))).isNull();
            assertThat(rejection(() -> signed.verifySignature(hex, bytes("{\"event\":\"digitalcard.funded\" }"))))
                    .isEqualTo(Rejection.UNAUTHORIZED);
            assertThat(rejection(() -> signed.verifySignature(null, body))).isEqualTo(Rejection.UNAUTHORIZED);
            assertThat(rejection(() -> INTAKE.verifySignature(null, body))).isNull();
        }
    }

    @Nested
    class Body {
        @Test
        void otpsActivationCodesAndCardDataAreGoneButIdsAndAmountsStay() {
            // 4111111111111111 passes Luhn: masked in free text, kept where it is the card's id by the mapping.
            KatFacilIntake.AcceptedEvent accepted = INTAKE.accept(bytes("""
                    {"event": "digitalcard.xpayactivation", "event_id": "4111111111111111",
                     "data": {"card_id": "4111111111111111", "code": "483920", "otp": "112233", "Activation_Code": "9",
                              "amount": "4111111111111111", "note": "pan 4111 1111 1111 1111", "cvv": "123"}}"""));

            String stored = new String(accepted.payload(), StandardCharsets.UTF_8);
            assertThat(stored).doesNotContain("483920").doesNotContain("112233").doesNotContain("\"cvv\"")
                    .doesNotContain("Activation_Code").doesNotContain("4111 1111 1111 1111").contains("411111******1111");
            assertThat(accepted.raw().body().path("data").path("card_id").asText()).isEqualTo("4111111111111111");
            assertThat(accepted.raw().event().cardId()).isEqualTo("4111111111111111");
            assertThat(accepted.key()).isEqualTo("4111111111111111");
        }

        @Test
        void theSameEventIdIsTheSameKeyWhateverTheBodyAndWithoutOneTheBodyDecides() {
            String a = INTAKE.accept(bytes("{\"event\":\"digitalcard.funded\",\"event_id\":\"e-1\",\"data\":{\"card_id\":\"c\"}}")).raw().eventKey();
            String b = INTAKE.accept(bytes("{\"event_id\":\"e-1\",\"event\":\"digitalcard.funded\",\"sent_at\":\"later\"}")).raw().eventKey();
            String c = INTAKE.accept(bytes("{\"event\":\"digitalcard.funded\",\"data\":{\"card_id\":\"c\"}}")).raw().eventKey();
            String d = INTAKE.accept(bytes("{\"data\":{\"card_id\":\"c\"},\"event\":\"digitalcard.funded\"}")).raw().eventKey();
            String e = INTAKE.accept(bytes("{\"event\":\"digitalcard.funded\",\"data\":{\"card_id\":\"d\"}}")).raw().eventKey();

            assertThat(a).startsWith("kf-").isEqualTo(b);
            assertThat(c).startsWith("kf-").isEqualTo(d).isNotEqualTo(a).isNotEqualTo(e);
        }

        @Test
        void anUnknownEventIsKeptWithAllItsFields() {
            KatFacilIntake.AcceptedEvent accepted = INTAKE.accept(bytes("{\"type\":\"digitalcard.brandnew\",\"whatever\":{\"x\":[1,2]}}"));

            assertThat(accepted.raw().event().kind()).isEqualTo(KatFacilEventKind.UNRECOGNISED);
            assertThat(accepted.raw().body().toString()).contains("\"whatever\":{\"x\":[1,2]}");
            assertThat(accepted.key()).isEqualTo(accepted.raw().eventKey());
        }

        @Test
        void withoutAnEventNameOrWithAnUnusableIdTheBodyIsRefusedWith400() {
            assertThat(rejection(() -> INTAKE.accept(bytes("{\"data\":{\"card_id\":\"c\"}}")))).isEqualTo(Rejection.INVALID_FIELD);
            assertThat(rejection(() -> INTAKE.accept(bytes("{\"event\":\"digitalcard.funded\",\"data\":{\"card_id\":\"" + "c".repeat(65) + "\"}}"))))
                    .isEqualTo(Rejection.INVALID_FIELD);
            assertThat(rejection(() -> INTAKE.accept(bytes("{\"event\":\"x\",\"event_id\":\"a\\u0007b\"}")))).isEqualTo(Rejection.INVALID_FIELD);
            assertThat(rejection(() -> INTAKE.accept(bytes("[]")))).isEqualTo(Rejection.MALFORMED_JSON);
            assertThat(rejection(() -> INTAKE.accept(bytes("{\"event\":\"a\",\"event\":\"b\"}")))).isEqualTo(Rejection.MALFORMED_JSON);
            assertThatThrownBy(() -> INTAKE.accept(bytes("{"))).isInstanceOf(WebhookRejectedException.class);
        }
    }
}
