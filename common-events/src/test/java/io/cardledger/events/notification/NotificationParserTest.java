package io.cardledger.events.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Nested
    class Parsing {
        @Test
        void readsTheIssuersAuthorizationExample() throws Exception {
            // given the PeticionAutorizacion example of the NeoBank API documentation
            ObjectNode body = body("""
                    {"password":"password","c1Tipo":"PeticionAutorizacion","c2CardId":"cardId",
                     "c3CodigoProceso":"000000","c4ImporteTransaccion":"000000001617",
                     "c7FechaHoraTransaccion":"20220429052901","BDateUtcCreate":" 20220429102901 ",
                     "c11NumeroIdentificativoTransaccion":"000004339","c18CodigoActividadEstablecimiento":"5999",
                     "c19CodigoPaisAdquirente":"442","c38NumeroAutorizacion":"040031","c41TerminalId":"00227759",
                     "c42Comercio":"227759000156182","c43IdentificadorComercio":"AMZN Mktp ES Amazon.ES",
                     "isMulticlearing":true,"multiclearingClose":"false"}""");

            // when
            CardNotification n = NotificationParser.parse(body);

            // then
            assertThat(n.kind()).isEqualTo(NotificationKind.AUTHORIZATION);
            assertThat(n.amountMinor()).isEqualTo(1617L);
            assertThat(n.transactionTime()).isEqualTo(LocalDateTime.of(2022, 4, 29, 5, 29, 1));
            assertThat(n.createdAtUtc()).isEqualTo(Instant.parse("2022-04-29T10:29:01Z"));
            assertThat(n.transactionId()).isEqualTo("000004339");
            assertThat(n.merchantName()).isEqualTo("AMZN Mktp ES Amazon.ES");
            assertThat(n.multiclearing()).isTrue();
            assertThat(n.multiclearingClose()).isFalse();
            assertThat(n.moneySend()).isFalse();
        }

        @Test
        void declineWithEmptyTransactionIdMatchesNothing() throws Exception {
            CardNotification n = NotificationParser.parse(body("""
                    {"c1Tipo":"DENEGADA. INCORRECTO CVV2","c2CardId":"c","c4ImporteTransaccion":"000000000999",
                     "c11NumeroIdentificativoTransaccion":"","c38NumeroAutorizacion":""}"""));

            assertThat(n.kind()).isEqualTo(NotificationKind.DECLINE);
            assertThat(n.hasTransactionId()).isFalse();
        }

        @Test
        void placeholderTimestampIsKeptRawButNotTyped() throws Exception {
            CardNotification n = NotificationParser.parse(body("""
                    {"c1Tipo":"X","c2CardId":"c","BDateUtcCreate":" YYYYMMDDHHMMSS "}"""));

            assertThat(n.createdAtUtc()).isNull();
            assertThat(n.kind()).isEqualTo(NotificationKind.UNRECOGNISED);
        }

        @Test
        void moneySendIsRecognisedByProcessingCode() throws Exception {
            CardNotification n = NotificationParser.parse(body("""
                    {"c1Tipo":"PeticionAutorizacion","c2CardId":"c","c3CodigoProceso":"820000","c4ImporteTransaccion":"000000002500"}"""));

            assertThat(n.moneySend()).isTrue();
        }
    }

    @Nested
    class Refusals {
        @Test
        void missingTypeIsRefused() {
            assertThatThrownBy(() -> NotificationParser.parse(body("{\"c2CardId\":\"c\"}")))
                    .isInstanceOf(InvalidNotificationException.class)
                    .extracting("field").isEqualTo("c1Tipo");
        }

        @Test
        void missingCardIsRefused() {
            assertThatThrownBy(() -> NotificationParser.parse(body("{\"c1Tipo\":\"PeticionAutorizacion\",\"c2CardId\":\" \"}")))
                    .isInstanceOf(InvalidNotificationException.class)
                    .extracting("field").isEqualTo("c2CardId");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"16.17\"", "\"\"", "\"  \"", "\"-5\"", "\"12a\"", "-5", "1.5", "true", "{}",
                "\"9999999999999999999\"", "99999999999999999999"})
        void unreadableAmountIsAcceptedAsZeroAndMarked(String c4) throws Exception {
            CardNotification n = NotificationParser.parse(body(
                    "{\"c1Tipo\":\"PeticionAutorizacion\",\"c2CardId\":\"c\",\"c4ImporteTransaccion\":" + c4 + "}"));

            assertThat(n.amountUnreadable()).as(c4).isTrue();
            assertThat(n.amountMinor()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"000000001617\"", "\" 1617 \"", "1617", "\"0000000000000000000000001617\""})
        void readableAmountsAreRead(String c4) throws Exception {
            CardNotification n = NotificationParser.parse(body(
                    "{\"c1Tipo\":\"PeticionAutorizacion\",\"c2CardId\":\"c\",\"c4ImporteTransaccion\":" + c4 + "}"));

            assertThat(n.amountUnreadable()).isFalse();
            assertThat(n.amountMinor()).isEqualTo(1617);
        }

        @Test
        void absentAmountIsZeroAndReadable() throws Exception {
            CardNotification n = NotificationParser.parse(body("{\"c1Tipo\":\"NO HAY FONDOS\",\"c2CardId\":\"c\"}"));

            assertThat(n.amountUnreadable()).isFalse();
            assertThat(n.amountMinor()).isZero();
        }

        @ParameterizedTest
        @CsvSource({"transaccionCorregidaNegativa,CORRECTION_NEGATIVE", "'  TRANSACCIONCONFIRMADA ',CONFIRMATION",
                "peticionautorizacion,AUTHORIZATION", "comunicacionAnulacion,REVERSAL", "' no hay fondos',DECLINE",
                "rechazadaporautorizador,DECLINE", "denegada. incorrecto cvv2,DECLINE", "AlgoNuevo,UNRECOGNISED"})
        void typesAreMatchedWithoutRegardToCaseOrSurroundingSpaces(String c1Tipo, NotificationKind kind) {
            assertThat(NotificationKind.of(c1Tipo)).isEqualTo(kind);
        }
    }

    @Nested
    class Ids {
        @Test
        void sameContentInAnyKeyOrderAndAnyPasswordGivesTheSameId() throws Exception {
            String a = NotificationIds.of(body("{\"c1Tipo\":\"A\",\"c2CardId\":\"c\",\"password\":\"x\",\"n\":{\"b\":1,\"a\":2}}"));
            String b = NotificationIds.of(body("{\"n\":{\"a\":2,\"b\":1},\"c2CardId\":\"c\",\"c1Tipo\":\"A\"}"));

            assertThat(a).isEqualTo(b).startsWith("n-").hasSize(34);
        }

        @Test
        void differentContentGivesDifferentIds() throws Exception {
            String a = NotificationIds.of(body("{\"c1Tipo\":\"A\",\"c2CardId\":\"c\",\"c4ImporteTransaccion\":\"1\"}"));
            String b = NotificationIds.of(body("{\"c1Tipo\":\"A\",\"c2CardId\":\"c\",\"c4ImporteTransaccion\":\"2\"}"));

            assertThat(a).isNotEqualTo(b);
        }
    }
}
