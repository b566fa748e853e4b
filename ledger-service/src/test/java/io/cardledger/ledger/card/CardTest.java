package io.cardledger.ledger.card;

import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.ledger.support.Notifications;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.cardledger.events.card.AuthorizationStatus.*;
import static io.cardledger.events.card.MovementFlag.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.predicate;

/** Rulebook v1, rule by rule, through the Card aggregate: given earlier notifications, when one more, expect its movement. */
class CardTest {
    private static final String CARD = "c-1";
    private static final String WALLET = "w-1";
    private static final Instant AT = Instant.parse("2026-04-29T06:00:00Z");

    private AggregateTestFixture<Card> fixture;
    private final List<Object> given = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Card.class);
        fixture.registerInjectableResource(new Object());
        given.clear();
        given.add(new CardCommands.RegisterCard(CARD, WALLET, "u-1", "prepaid", false, AT));
    }

    private static Notifications n(String type) {
        return Notifications.of(type, CARD);
    }

    private static CardCommands.RecordNotification record(Notifications n) {
        return new CardCommands.RecordNotification(CARD, n.raw(), AT);
    }

    private CardTest given(Notifications... notifications) {
        for (Notifications n : notifications) {
            given.add(record(n));
        }
        return this;
    }

    private ResultValidator<Card> when(Object command) {
        TestExecutor<Card> executor = fixture.givenCommands(given);
        return executor.when(command);
    }

    /** The command's movements, in order: (available delta, withheld delta). */
    @SuppressWarnings("unchecked")
    private static List<CardNotificationRecorded> movements(ResultValidator<Card> result) {
        List<CardNotificationRecorded> captured = new ArrayList<>();
        result.expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(predicate(p -> captured.addAll((List<CardNotificationRecorded>) p) || true));
        return captured;
    }

    private static CardNotificationRecorded single(ResultValidator<Card> result) {
        List<CardNotificationRecorded> m = movements(result);
        assertThat(m).hasSize(1);
        return m.get(0);
    }

    private static void assertMovement(CardNotificationRecorded m, long available, long withheld, AuthorizationStatus status) {
        assertThat(m.availableDeltaMinor()).as("available delta").isEqualTo(available);
        assertThat(m.withheldDeltaMinor()).as("withheld delta").isEqualTo(withheld);
        assertThat(m.authorization().status()).as("authorization status").isEqualTo(status);
        assertThat(m.rulebookVersion()).isEqualTo(Rulebook.MAJOR_VERSION);
        assertThat(m.rulebook()).isEqualTo("1.1");
        assertThat(m.walletId()).isEqualTo(WALLET);
    }

    @Nested
    class Authorizations {
        @Test
        void authorizationHoldsItsAmount() {
            CardNotificationRecorded m = single(when(record(n("PeticionAutorizacion").amount(1617).c11("1"))));
            assertMovement(m, -1617, 1617, PENDING);
            assertThat(m.authorization().heldMinor()).isEqualTo(1617);
        }

        @Test
        void adviceWithoutAuthorizationHoldsLikeOne() {
            assertMovement(single(when(record(n("ComunicacionAutorizacion").amount(900).c11("1")))), -900, 900, PENDING);
        }

        @Test
        void adviceReplacesTheHeldAmountOfAnOpenAuthorization() {
            given(n("PeticionAutorizacion").amount(3000).c11("1"));
            CardNotificationRecorded m = single(when(record(n("ComunicacionAutorizacion").amount(3500).c11("1"))));
            assertMovement(m, -500, 500, PENDING);
            assertThat(m.authorization().heldMinor()).isEqualTo(3500);
        }

        @Test
        void moneySendAuthorizationCreditsWithoutHold() {
            assertMovement(single(when(record(n("PeticionAutorizacion").moneySend().amount(2500).c11("1")))), 2500, 0, CREDITED);
        }

        @Test
        void sameAuthorizationDeliveredTwiceMovesMoneyOnce() {
            given(n("PeticionAutorizacion").amount(1500).c11("1"));
            assertThat(movements(when(record(n("PeticionAutorizacion").amount(1500).c11("1"))))).isEmpty();
        }

        @Test
        void furtherAuthorizationWithOtherContentIsFlaggedWithoutEffect() {
            given(n("PeticionAutorizacion").amount(1500).c11("1"));
            CardNotificationRecorded m = single(when(record(n("PeticionAutorizacion").amount(1600).c11("1"))));
            assertMovement(m, 0, 0, PENDING);
            assertThat(m.flags()).contains(CONFLICTING_AUTHORIZATION);
        }

        @Test
        void authorizationWithEmptyC11HoldsButMatchesNothing() {
            given(n("PeticionAutorizacion").amount(100).c11(""));
            CardNotificationRecorded m = single(when(record(n("TransaccionConfirmada").amount(100).c11(""))));
            assertMovement(m, -100, 0, NONE);
            assertThat(m.flags()).contains(BATCH_ONLY);
        }
    }

    @Nested
    class Reversals {
        @Test
        void fullReversalReleasesTheHold() {
            given(n("PeticionAutorizacion").amount(2000).c11("1"));
            assertMovement(single(when(record(n("ComunicacionAnulacion").amount(2000).c11("1")))), 2000, -2000, REVERSED);
        }

        @Test
        void partialReversalReleasesItsAmountAndSettlesTheRemainder() {
            given(n("PeticionAutorizacion").amount(5000).c11("1"));
            CardNotificationRecorded m = single(when(record(n("ComunicacionAnulacion").amount(2000).c11("1"))));
            assertMovement(m, 2000, -5000, REVERSED);
            assertThat(m.authorization().settledMinor()).isEqualTo(3000);
        }

        @Test
        void reversalAboveTheHoldReleasesOnlyTheHold() {
            given(n("PeticionAutorizacion").amount(1000).c11("1"));
            assertMovement(single(when(record(n("ComunicacionAnulacion").amount(1500).c11("1")))), 1000, -1000, REVERSED);
        }

        @Test
        void moneySendReversalDebits() {
            given(n("PeticionAutorizacion").moneySend().amount(1000).c11("1"));
            assertMovement(single(when(record(n("ComunicacionAnulacion").moneySend().amount(1000).c11("1")))), -1000, 0,
                    CREDIT_REVERSED);
        }

        @Test
        void reversalBeforeItsAuthorizationIsParkedThenBothApply() {
            given(n("ComunicacionAnulacion").amount(2000).c11("1"));
            List<CardNotificationRecorded> m = movements(when(record(n("PeticionAutorizacion").amount(2000).c11("1"))));
            assertThat(m).hasSize(2);
            assertMovement(m.get(0), -2000, 2000, PENDING);
            assertMovement(m.get(1), 2000, -2000, REVERSED);
            assertThat(m.get(1).flags()).contains(PARKED_REVERSAL_APPLIED);
            assertThat(m.get(1).movementId()).endsWith("/released");
        }

        @Test
        void parkedReversalMovesNothing() {
            CardNotificationRecorded m = single(when(record(n("ComunicacionAnulacion").amount(2000).c11("1"))));
            assertMovement(m, 0, 0, AuthorizationStatus.REVERSAL_PARKED);
            assertThat(m.flags()).contains(MovementFlag.REVERSAL_PARKED);
        }

        @Test
        void reversalOfAClosedAuthorizationIsFlaggedWithoutEffect() {
            given(n("PeticionAutorizacion").amount(2000).c11("1"), n("TransaccionConfirmada").amount(2000).c11("1"));
            CardNotificationRecorded m = single(when(record(n("ComunicacionAnulacion").amount(2000).c11("1"))));
            assertMovement(m, 0, 0, SETTLED);
            assertThat(m.flags()).contains(REVERSAL_OF_CLOSED_AUTHORIZATION);
        }
    }

    @Nested
    class Settlements {
        @Test
        void confirmationSettlesTheHold() {
            given(n("PeticionAutorizacion").amount(1617).c11("1"));
            CardNotificationRecorded m = single(when(record(n("TransaccionConfirmada").amount(1617).c11("1"))));
            assertMovement(m, 0, -1617, SETTLED);
            assertThat(m.flags()).doesNotContain(SETTLED_AMOUNT_DIFFERS);
        }

        @Test
        void confirmationAtAnotherAmountSettlesAtThatAmountAndIsFlagged() {
            given(n("PeticionAutorizacion").amount(1000).c11("1"));
            CardNotificationRecorded m = single(when(record(n("TransaccionConfirmada").amount(1200).c11("1"))));
            assertMovement(m, -200, -1000, SETTLED);
            assertThat(m.flags()).contains(SETTLED_AMOUNT_DIFFERS);
            assertThat(m.authorization().settledMinor()).isEqualTo(1200);
        }

        @Test
        void confirmationOfAMoneySendCreditClosesItWithoutEffect() {
            given(n("PeticionAutorizacion").moneySend().amount(2500).c11("1"));
            assertMovement(single(when(record(n("TransaccionConfirmada").moneySend().amount(2500).c11("1")))), 0, 0,
                    CREDIT_CONFIRMED);
        }

        @Test
        void confirmationWithNothingOpenIsABatchOnlyCharge() {
            CardNotificationRecorded m = single(when(record(n("TransaccionConfirmada").amount(750).c11("1"))));
            assertMovement(m, -750, 0, SETTLED_BEFORE_AUTHORIZATION);
            assertThat(m.flags()).contains(BATCH_ONLY);
        }

        @Test
        void positivaSettlesTheHoldAndCreditsTheDifference() {
            given(n("PeticionAutorizacion").amount(4000).c11("1"));
            assertMovement(single(when(record(n("TransaccionCorregidaPositiva").amount(1000).c11("1")))), 1000, -4000, SETTLED);
        }

        @Test
        void negativaSettlesTheHoldAndDebitsTheDifference() {
            given(n("PeticionAutorizacion").amount(4000).c11("1"));
            assertMovement(single(when(record(n("TransaccionCorregidaNegativa").amount(600).c11("1")))), -600, -4000, SETTLED);
        }

        @Test
        void positivaWithNothingOpenIsACredit() {
            assertMovement(single(when(record(n("TransaccionCorregidaPositiva").amount(5000).c11("1")))), 5000, 0,
                    SETTLED_BEFORE_AUTHORIZATION);
        }

        @Test
        void negativaWithNothingOpenIsABatchOnlyCharge() {
            assertMovement(single(when(record(n("TransaccionCorregidaNegativa").amount(750).c11("1")))), -750, 0,
                    SETTLED_BEFORE_AUTHORIZATION);
        }

        @Test
        void secondModificationOfAClosedAuthorizationAppliesAndIsFlagged() {
            given(n("PeticionAutorizacion").amount(4000).c11("1"), n("TransaccionConfirmada").amount(4000).c11("1"));
            CardNotificationRecorded m = single(when(record(n("TransaccionCorregidaNegativa").amount(300).c11("1"))));
            assertMovement(m, -300, 0, SETTLED);
            assertThat(m.flags()).contains(MODIFIED_TWICE);
            assertThat(m.authorization().modifications()).isEqualTo(2);
        }

        @Test
        void expiryAppliesItsTypeAndIsTagged() {
            given(n("PeticionAutorizacion").amount(2500).c11("1"));
            CardNotificationRecorded m = single(when(record(n("TransaccionCorregidaPositiva").amount(2500).c11("1").expiration())));
            assertMovement(m, 2500, -2500, EXPIRED);
            assertThat(m.flags()).contains(EXPIRY);
        }
    }

    @Nested
    class LateAuthorizations {
        @Test
        void authorizationAfterItsConfirmationIsPostedAsAlreadySettled() {
            given(n("TransaccionConfirmada").amount(1617).c11("1"));
            CardNotificationRecorded m = single(when(record(n("PeticionAutorizacion").amount(1617).c11("1"))));
            assertMovement(m, 0, 0, SETTLED);
            assertThat(m.flags()).contains(POSTED_AS_ALREADY_SETTLED);
        }

        @Test
        void authorizationAfterItsCorrectionDebitsItsAmount() {
            given(n("TransaccionCorregidaNegativa").amount(600).c11("1"));
            assertMovement(single(when(record(n("PeticionAutorizacion").amount(4000).c11("1")))), -4000, 0, SETTLED);
        }

        @Test
        void moneySendAfterItsConfirmationMovesNothingMore() {
            given(n("TransaccionConfirmada").moneySend().amount(2500).c11("1"));
            // Rulebook 1.1: the same status as in the usual order (authorization, then confirmation).
            assertMovement(single(when(record(n("PeticionAutorizacion").moneySend().amount(2500).c11("1")))), 0, 0,
                    CREDIT_CONFIRMED);
        }

        @Test
        void authorizationAfterAPartialMulticlearingHoldsWhatIsStillToCome() {
            given(n("TransaccionConfirmada").amount(3000).c11("1").multiclearing(false));
            assertMovement(single(when(record(n("PeticionAutorizacion").amount(10000).c11("1")))), -7000, 7000,
                    PARTLY_SETTLED);
        }
    }

    @Nested
    class Multiclearing {
        @Test
        void partialConfirmationTakesFromTheHoldAndKeepsItOpen() {
            given(n("PeticionAutorizacion").amount(10000).c11("1"));
            CardNotificationRecorded m = single(when(record(n("TransaccionConfirmada").amount(3000).c11("1").multiclearing(false))));
            assertMovement(m, 0, -3000, PARTLY_SETTLED);
            assertThat(m.authorization().heldMinor()).isEqualTo(7000);
        }

        @Test
        void partialConfirmationAboveTheHoldDebitsTheExcess() {
            given(n("PeticionAutorizacion").amount(1000).c11("1"));
            assertMovement(single(when(record(n("TransaccionConfirmada").amount(1500).c11("1").multiclearing(false)))),
                    -500, -1000, PARTLY_SETTLED);
        }

        @Test
        void partialCorrectionAppliesOnlyItsDifference() {
            given(n("PeticionAutorizacion").amount(10000).c11("1"));
            assertMovement(single(when(record(n("TransaccionCorregidaNegativa").amount(200).c11("1").multiclearing(false)))),
                    -200, 0, PARTLY_SETTLED);
        }

        @Test
        void closingConfirmationSettlesAndReleasesTheRest() {
            given(n("PeticionAutorizacion").amount(10000).c11("1"),
                    n("TransaccionConfirmada").amount(3000).c11("1").multiclearing(false));
            CardNotificationRecorded m = single(when(record(n("TransaccionConfirmada").amount(4000).c11("1").multiclearing(true))));
            assertMovement(m, 3000, -7000, SETTLED);
            assertThat(m.flags()).contains(MULTICLEARING_CLOSE);
        }

        @Test
        void closingCorrectionAppliesItsDifferenceAndReleasesTheRest() {
            given(n("PeticionAutorizacion").amount(10000).c11("1"),
                    n("TransaccionConfirmada").amount(3000).c11("1").multiclearing(false));
            assertMovement(single(when(record(n("TransaccionCorregidaNegativa").amount(500).c11("1").multiclearing(true)))),
                    -500 + 7000, -7000, SETTLED);
        }
    }

    @Nested
    class NoEffect {
        @Test
        void anUnreadableAmountMovesNothingAndIsFlagged() {
            given(n("PeticionAutorizacion").amount(10000).c11("1"));
            CardNotificationRecorded m = single(when(record(n("TransaccionConfirmada").with("c4ImporteTransaccion", "").c11("1"))));
            assertMovement(m, 0, 0, PENDING);
            assertThat(m.flags()).contains(UNREADABLE_AMOUNT);
            assertThat(m.notification().notification().amountUnreadable()).isTrue();
        }

        @Test
        void anAuthorizationWithAnUnreadableAmountHoldsNothingAndALaterConfirmationIsBatchOnly() {
            given(n("PeticionAutorizacion").with("c4ImporteTransaccion", "12.50").c11("1"));
            CardNotificationRecorded m = single(when(record(n("TransaccionConfirmada").amount(1250).c11("1"))));
            assertMovement(m, -1250, 0, SETTLED_BEFORE_AUTHORIZATION);
            assertThat(m.flags()).contains(BATCH_ONLY);
        }

        @Test
        void aDeclineWithAnEmptyAmountIsSimplyADecline() {
            CardNotificationRecorded m = single(when(record(n("NO HAY FONDOS").with("c4ImporteTransaccion", "").c11(""))));
            assertMovement(m, 0, 0, NONE);
            assertThat(m.flags()).contains(DECLINED).doesNotContain(UNREADABLE_AMOUNT);
        }

        @Test
        void aTypeNameInAnotherCaseIsItsType() {
            given(n("PeticionAutorizacion").amount(10000).c11("1"));
            assertMovement(single(when(record(n(" transaccionCorregidaNegativa ").amount(500).c11("1")))), -500, -10000, SETTLED);
        }

        @Test
        void declinesAreRecordedWithTheirReasonAndMoveNothing() {
            for (String type : List.of("DENEGADA. INCORRECTO CVV2", "NO HAY FONDOS", "IMPORTE SUPERA LIMITE",
                    "EXCEDIDO NUMERO DE OPERACION DIARIO", "FECHA CADUCIDAD ERRONEO", "RechazadaPorAutorizador",
                    "ExcedeTiempoAutorizacion", "NotificacionDenegacion", "DENEGACION POR COMERCIO NO PERMITIDO")) {
                setUp();
                CardNotificationRecorded m = single(when(record(n(type).amount(999).c11(""))));
                assertMovement(m, 0, 0, NONE);
                assertThat(m.flags()).as(type).contains(DECLINED);
                assertThat(m.notification().body().get("c1Tipo").asText()).isEqualTo(type);
            }
        }

        @Test
        void declineWithAC11OpensNothing() {
            given(n("RechazadaPorAutorizador").amount(700).c11("1"));
            assertMovement(single(when(record(n("TransaccionConfirmada").amount(700).c11("1")))), -700, 0,
                    SETTLED_BEFORE_AUTHORIZATION);
        }

        @Test
        void unrecognisedTypeIsRecordedAndReported() {
            CardNotificationRecorded m = single(when(record(n("AlgoNuevoDelEmisor").amount(1234).c11("1"))));
            assertMovement(m, 0, 0, NONE);
            assertThat(m.flags()).contains(UNRECOGNISED_TYPE);
        }

        @Test
        void refundRequestIsPendingAndTheLaterPositivaCredits() {
            CardNotificationRecorded request = single(when(record(n("PeticionDevolucion").amount(0).c11("9"))));
            assertMovement(request, 0, 0, REFUND_PENDING);
            setUp();
            given(n("PeticionDevolucion").amount(0).c11("9"));
            assertMovement(single(when(record(n("TransaccionCorregidaPositiva").amount(5000).c11("9")))), 5000, 0, SETTLED);
        }
    }

    @Nested
    class UnknownCards {
        @Test
        void notificationForAnUnknownCardWaitsOnTheCard() {
            fixture.givenNoPriorActivity()
                    .when(record(n("PeticionAutorizacion").amount(3000).c11("1")))
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                            org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                    predicate(e -> e instanceof NotificationAwaitingCard))));
        }

        @Test
        void registrationAppliesWhatWaitedInArrivalOrder() {
            given.clear();
            given(n("PeticionAutorizacion").amount(3000).c11("1"), n("TransaccionConfirmada").amount(3000).c11("1"));
            List<CardNotificationRecorded> m = movements(when(new CardCommands.RegisterCard(CARD, WALLET, "u-1", "prepaid", false, AT)));
            assertThat(m).hasSize(2);
            assertMovement(m.get(0), -3000, 3000, PENDING);
            assertMovement(m.get(1), 0, -3000, SETTLED);
            assertThat(m).allSatisfy(r -> assertThat(r.flags()).contains(MovementFlag.APPLIED_ON_CARD_REGISTRATION));
        }

        @Test
        void registeringAgainOnTheSameWalletIsANoOpAndOnAnotherIsRefused() {
            assertThat(movements(when(new CardCommands.RegisterCard(CARD, WALLET, "u-1", "prepaid", false, AT)))).isEmpty();
            setUp();
            when(new CardCommands.RegisterCard(CARD, "w-2", "u-1", "prepaid", false, AT))
                    .expectException(CardAlreadyRegisteredException.class);
        }
    }
}
