package io.cardledger.ingest.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.events.notification.NotificationKind;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ingest.notification.NotificationIntake.AcceptedNotification;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.SharedSecret;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.cardledger.ingest.notification.IssuerNotifications.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class NotificationIntakeTest {
    private static final ObjectMapper EVENTS = LedgerEventTypes.configure(new ObjectMapper());
    private static final Instant NOW = Instant.parse("2026-07-21T10:15:30Z");
    private final NotificationIntake intake = new NotificationIntake(new SharedSecret("s3cret"), io.cardledger.ingest.web.CardDataScrubber.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static byte[] bytes(Object body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private NotificationRejectedException refusal(NotificationIntake intake, Object body) {
        return catchThrowableOfType(NotificationRejectedException.class, () -> intake.accept(bytes(body)));
    }

    @Test
    void anAuthenticNotificationBecomesARawNotificationWithoutThePassword() throws Exception {
        // given
        ObjectNode body = notification("s3cret", "ComunicacionAutorizacion", "card-1");
        body.put("cUnknownField", "kept");

        // when
        AcceptedNotification accepted = intake.accept(bytes(body));

        // then
        RawNotification raw = EVENTS.readValue(accepted.payload(), RawNotification.class);
        ObjectNode withoutPassword = body.deepCopy();
        withoutPassword.remove("password");
        assertThat(accepted.key()).isEqualTo("card-1");
        assertThat(accepted.kind()).isEqualTo(NotificationKind.ADVICE);
        assertThat(raw.notificationId()).isEqualTo(accepted.notificationId()).isEqualTo(NotificationIds.of(withoutPassword));
        assertThat(raw.receivedAt()).isEqualTo(NOW);
        assertThat(raw.notification().amountMinor()).isEqualTo(1617L);
        assertThat(raw.body()).isEqualTo(withoutPassword);
        assertThat(new String(accepted.payload(), StandardCharsets.UTF_8)).doesNotContain("s3cret").doesNotContain("password");
    }

    @Test
    void aDeclineWithAnEmptyAmountIsAcceptedAsADeclineWithAnUnreadableAmount() throws Exception {
        // given
        ObjectNode body = notification("s3cret", "NO HAY FONDOS", "card-3");
        body.put("c4ImporteTransaccion", "");

        // when
        AcceptedNotification accepted = intake.accept(bytes(body));

        // then
        RawNotification raw = EVENTS.readValue(accepted.payload(), RawNotification.class);
        assertThat(accepted.kind()).isEqualTo(NotificationKind.DECLINE);
        assertThat(raw.notification().amountUnreadable()).isTrue();
        assertThat(raw.notification().amountMinor()).isZero();
        assertThat(raw.body().get("c4ImporteTransaccion").asText()).isEmpty();
    }

    @Test
    void anAmountBeyondALongIsAcceptedAsUnreadable() throws Exception {
        ObjectNode body = notification("s3cret", "TransaccionConfirmada", "card-4");
        body.put("c4ImporteTransaccion", "123456789012345678901234");

        RawNotification raw = EVENTS.readValue(intake.accept(bytes(body)).payload(), RawNotification.class);

        assertThat(raw.notification().amountUnreadable()).isTrue();
        assertThat(raw.notification().amountMinor()).isZero();
    }

    @Test
    void aTypeNameInAnotherCaseWithSpacesHasItsKind() {
        ObjectNode body = notification("s3cret", "  transaccionCorregidaNegativa ", "card-5");

        assertThat(intake.accept(bytes(body)).kind()).isEqualTo(NotificationKind.CORRECTION_NEGATIVE);
    }

    @Test
    void thePasswordDoesNotChangeTheNotificationId() {
        // A rotated password must not make a redelivery look like a new notification.
        NotificationIntake rotated = new NotificationIntake(new SharedSecret("rotated"), io.cardledger.ingest.web.CardDataScrubber.defaults(), Clock.systemUTC());
        ObjectNode body = notification("s3cret", "TransaccionConfirmada", "card-2");
        ObjectNode sameWithNewPassword = body.deepCopy().put("password", "rotated");

        assertThat(rotated.accept(bytes(sameWithNewPassword)).notificationId()).isEqualTo(intake.accept(bytes(body)).notificationId());
    }

    @Nested
    class Refusals {
        @Test
        void aWrongPasswordIsUnauthorisedEvenWhenFieldsAreAlsoMissing() {
            ObjectNode body = notification("guess", "PeticionAutorizacion", "card-3");
            body.remove("c2CardId");

            NotificationRejectedException e = refusal(intake, body);

            assertThat(e.rejection()).isEqualTo(Rejection.UNAUTHORIZED);
            assertThat(e.kindFamily()).isEqualTo("authorization");
            assertThat(e.getMessage()).doesNotContain("guess");
        }

        @Test
        void anEmptyConfiguredPasswordRefusesEverythingIncludingAnEmptyPassword() {
            NotificationIntake unconfigured = new NotificationIntake(new SharedSecret(""), io.cardledger.ingest.web.CardDataScrubber.defaults(), Clock.systemUTC());

            assertThat(refusal(unconfigured, notification("", "PeticionAutorizacion", "card-4")).rejection())
                    .isEqualTo(Rejection.UNAUTHORIZED);
            assertThat(refusal(unconfigured, notification("anything", "PeticionAutorizacion", "card-4")).rejection())
                    .isEqualTo(Rejection.UNAUTHORIZED);
        }

        @Test
        void aMissingCardIdNamesTheField() {
            ObjectNode body = notification("s3cret", "PeticionAutorizacion", "card-5");
            body.remove("c2CardId");

            NotificationRejectedException e = refusal(intake, body);

            assertThat(e.rejection()).isEqualTo(Rejection.INVALID_FIELD);
            assertThat(e.getMessage()).contains("c2CardId");
        }

        @Test
        void aMalformedBodyIsRefusedWithoutQuotingIt() {
            NotificationRejectedException e = refusal(intake, "{\"password\": s3cret, \"c1Tipo\": 1}");

            assertThat(e.rejection()).isEqualTo(Rejection.MALFORMED_JSON);
            assertThat(e.kindFamily()).isEqualTo("none");
            assertThat(e.getMessage()).doesNotContain("s3cret").contains("line 1");
        }

        @Test
        void aScalarBodyIsNotAnObject() {
            assertThat(refusal(intake, "\"PeticionAutorizacion\"").getMessage()).contains("must be a JSON object");
        }
    }

    @Nested
    class Edges {
        @Test
        void aCardIdLongerThan64CharactersOrWithAControlCharacterIsRefusedNamingTheField() {
            for (String cardId : new String[]{"c".repeat(65), "card\u00001", "card\n1", "card\u00851"}) {
                NotificationRejectedException e = refusal(intake, notification("s3cret", "PeticionAutorizacion", cardId));
                assertThat(e).as(cardId).isNotNull();
                assertThat(e.rejection()).isEqualTo(Rejection.INVALID_FIELD);
                assertThat(e.getMessage()).contains("c2CardId");
            }
            assertThat(intake.accept(bytes(notification("s3cret", "PeticionAutorizacion", "c".repeat(64)))).key()).hasSize(64);
        }

        @Test
        void controlCharactersInFreeTextAreReplacedBeforeStorage() throws Exception {
            ObjectNode body = notification("s3cret", "PeticionAutorizacion", "card-1");
            body.put("c43IdentificadorComercio", "CAFE\u0000BAR\u0007\tOK");

            RawNotification raw = EVENTS.readValue(intake.accept(bytes(body)).payload(), RawNotification.class);

            assertThat(raw.notification().merchantName()).isEqualTo("CAFE\uFFFDBAR\uFFFD\tOK");
            assertThat(raw.body().get("c43IdentificadorComercio").asText()).isEqualTo("CAFE\uFFFDBAR\uFFFD\tOK");
        }

        @Test
        void aBodyNestedTooDeeplyOrWithAHugeNumberIsMalformed() {
            String deep = "{\"password\":\"s3cret\",\"x\":" + "[".repeat(1_000) + "]".repeat(1_000) + "}";
            NotificationRejectedException nested = catchThrowableOfType(NotificationRejectedException.class,
                    () -> intake.accept(deep.getBytes(StandardCharsets.UTF_8)));
            assertThat(nested.rejection()).isEqualTo(Rejection.MALFORMED_JSON);

            String huge = "{\"password\":\"s3cret\",\"x\":1" + "0".repeat(5_000) + "}";
            NotificationRejectedException number = catchThrowableOfType(NotificationRejectedException.class,
                    () -> intake.accept(huge.getBytes(StandardCharsets.UTF_8)));
            assertThat(number.rejection()).isEqualTo(Rejection.MALFORMED_JSON);
        }
    }
}
