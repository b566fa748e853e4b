package io.cardledger.ledger.card;

import io.cardledger.events.card.CardBlocked;
import io.cardledger.events.card.CardMonthlyLimitSet;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.CardUnblocked;
import io.cardledger.events.card.ChargebackOutcome;
import io.cardledger.events.card.ChargebackRequested;
import io.cardledger.events.card.ChargebackStatusReported;
import io.cardledger.ledger.support.Notifications;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.cardledger.events.card.MovementFlag.CARD_BLOCKED;
import static io.cardledger.events.card.MovementFlag.CARD_CANCELLED;
import static io.cardledger.events.card.MovementFlag.OVER_CARD_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.predicate;

/** Issue 21: a card's controls (block, unblock, cancel, monthly limit) and chargebacks, through the Card aggregate. */
class CardControlsTest {
    private static final String CARD = "c-1";
    private static final Instant AT = Instant.parse("2026-04-29T06:00:00Z");
    private static final Instant NEXT_MONTH = Instant.parse("2026-05-01T00:00:01Z");

    private AggregateTestFixture<Card> fixture;
    private final List<Object> given = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Card.class);
        given.clear();
        given.add(new CardCommands.RegisterCard(CARD, "w-1", "u-1", "credit", true, AT));
    }

    private static CardCommands.RecordNotification auth(String c11, long amount, Instant at) {
        return new CardCommands.RecordNotification(CARD, Notifications.of("PeticionAutorizacion", CARD).c11(c11).amount(amount).raw(), at);
    }

    private static CardCommands.RecordNotification confirm(String c11, long amount) {
        return new CardCommands.RecordNotification(CARD, Notifications.of("TransaccionConfirmada", CARD).c11(c11).amount(amount).raw(), AT);
    }

    private static CardCommands.RecordNotification reversal(String c11, long amount) {
        return new CardCommands.RecordNotification(CARD, Notifications.of("ComunicacionAnulacion", CARD).c11(c11).amount(amount).raw(), AT);
    }

    private CardControlsTest given(Object... commands) {
        given.addAll(List.of(commands));
        return this;
    }

    private ResultValidator<Card> when(Object command) {
        return fixture.givenCommands(given).when(command);
    }

    @SuppressWarnings("unchecked")
    private CardNotificationRecorded applied(Object command) {
        List<CardNotificationRecorded> captured = new ArrayList<>();
        when(command).expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(predicate(p -> captured.addAll((List<CardNotificationRecorded>) p) || true));
        assertThat(captured).hasSize(1);
        return captured.get(0);
    }

    private <T> T answer(Object command, Class<T> type) {
        AtomicReference<T> out = new AtomicReference<>();
        when(command).expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(predicate(p -> {
                    out.set(type.cast(p));
                    return true;
                }));
        return out.get();
    }

    @Nested
    class BlockUnblockCancel {
        @Test
        void aNotificationOnABlockedCardIsAppliedAndFlagged() {
            given(new CardCommands.BlockCard(CARD, AT));

            CardNotificationRecorded m = applied(auth("1", 1000, AT));

            assertThat(m.availableDeltaMinor()).isEqualTo(-1000);
            assertThat(m.withheldDeltaMinor()).isEqualTo(1000);
            assertThat(m.flags()).contains(CARD_BLOCKED).doesNotContain(CARD_CANCELLED);
        }

        @Test
        void blockingRecordsOnceAndBlockingAgainRecordsNothing() {
            when(new CardCommands.BlockCard(CARD, AT)).expectEvents(new CardBlocked(CARD, AT));
            given(new CardCommands.BlockCard(CARD, AT));
            when(new CardCommands.BlockCard(CARD, AT)).expectNoEvents();
        }

        @Test
        void anUnblockedCardIsNoLongerFlagged() {
            given(new CardCommands.BlockCard(CARD, AT), new CardCommands.UnblockCard(CARD, AT));

            assertThat(applied(auth("1", 1000, AT)).flags()).doesNotContain(CARD_BLOCKED);
        }

        @Test
        void unblockingAnActiveCardRecordsNothing() {
            when(new CardCommands.UnblockCard(CARD, AT)).expectNoEvents();
            given(new CardCommands.BlockCard(CARD, AT));
            when(new CardCommands.UnblockCard(CARD, AT)).expectEvents(new CardUnblocked(CARD, AT));
        }

        @Test
        void aCancelledCardStaysCancelledAndItsLateSettlementIsAppliedAndFlagged() {
            given(auth("1", 1000, AT), new CardCommands.CancelCard(CARD, AT));

            CardNotificationRecorded m = applied(confirm("1", 1000));
            assertThat(m.withheldDeltaMinor()).isEqualTo(-1000);
            assertThat(m.flags()).contains(CARD_CANCELLED);
            when(new CardCommands.UnblockCard(CARD, AT)).expectException(CardRefusedException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("cancelled"));
            when(new CardCommands.BlockCard(CARD, AT)).expectException(CardRefusedException.class);
            when(new CardCommands.CancelCard(CARD, AT)).expectNoEvents();
        }

        @Test
        void theStateSaysWhatTheLastControlDid() {
            given(new CardCommands.BlockCard(CARD, AT));
            CardState s = answer(new CardCommands.DescribeCard(CARD, AT), CardState.class);
            assertThat(s.status()).isEqualTo(CardStatus.BLOCKED);
            assertThat(s.active()).isFalse();
            assertThat(s.walletId()).isEqualTo("w-1");
            assertThat(s.product()).isEqualTo("credit");
            assertThat(s.physical()).isTrue();
        }

        @Test
        void aCardKnownOnlyByWaitingNotificationsIsNotFound() {
            fixture.givenCommands(new CardCommands.RecordNotification("c-2",
                            Notifications.of("PeticionAutorizacion", "c-2").c11("9").amount(5).raw(), AT))
                    .when(new CardCommands.BlockCard("c-2", AT))
                    .expectException(CardRefusedException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class MonthlyLimit {
        @Test
        void theMovementThatTakesTheMonthPastTheLimitIsFlagged() {
            given(new CardCommands.SetMonthlyLimit(CARD, 1500, AT), auth("1", 1000, AT));

            assertThat(applied(auth("2", 600, AT)).flags()).contains(OVER_CARD_LIMIT);
        }

        @Test
        void spendingUpToTheLimitIsNotFlagged() {
            given(new CardCommands.SetMonthlyLimit(CARD, 1500, AT), auth("1", 1000, AT));

            assertThat(applied(auth("2", 500, AT)).flags()).doesNotContain(OVER_CARD_LIMIT);
        }

        @Test
        void theLimitStartsAgainEachMonth() {
            given(new CardCommands.SetMonthlyLimit(CARD, 1500, AT), auth("1", 1000, AT));

            assertThat(applied(auth("2", 1000, NEXT_MONTH)).flags()).doesNotContain(OVER_CARD_LIMIT);
        }

        @Test
        void aReversalGivesTheSpendingBack() {
            given(new CardCommands.SetMonthlyLimit(CARD, 1500, AT), auth("1", 1000, AT), reversal("1", 1000));

            assertThat(applied(auth("2", 1000, AT)).flags()).doesNotContain(OVER_CARD_LIMIT);
        }

        @Test
        void settingTheSameLimitAgainRecordsNothingAndTheStateShowsTheMonthsSpending() {
            given(new CardCommands.SetMonthlyLimit(CARD, 1500, AT), auth("1", 1000, AT));
            when(new CardCommands.SetMonthlyLimit(CARD, 1500, AT)).expectNoEvents();
            when(new CardCommands.SetMonthlyLimit(CARD, 2000, AT)).expectEvents(new CardMonthlyLimitSet(CARD, 2000, 1500, AT));
            CardState s = answer(new CardCommands.DescribeCard(CARD, AT), CardState.class);
            assertThat(s.monthlyLimitMinor()).isEqualTo(1500);
            assertThat(s.spentThisMonthMinor()).isEqualTo(1000);
            assertThat(s.month()).isEqualTo("2026-04");
            assertThat(answer(new CardCommands.DescribeCard(CARD, NEXT_MONTH), CardState.class).spentThisMonthMinor()).isZero();
        }

        @Test
        void withoutALimitNothingIsFlagged() {
            assertThat(applied(auth("1", 1_000_000_000L, AT)).flags()).doesNotContain(OVER_CARD_LIMIT);
        }
    }

    @Nested
    class Chargebacks {
        @Test
        void markingNeedsATransactionTheCardKnows() {
            when(new CardCommands.RequestChargeback(CARD, "404", AT)).expectException(CardRefusedException.class).expectNoEvents();
        }

        @Test
        void markingRecordsOnceAndAnswersTheSeedsFields() {
            given(auth("1", 1000, AT));
            when(new CardCommands.RequestChargeback(CARD, "1", AT)).expectEvents(new ChargebackRequested(CARD, "w-1", "1", AT));
            given(new CardCommands.RequestChargeback(CARD, "1", AT));
            ChargebackState s = answer(new CardCommands.RequestChargeback(CARD, "1", AT), ChargebackState.class);
            assertThat(s.isChargeBack()).isTrue();
            assertThat(s.status()).isEqualTo("REQUESTED");
            assertThat(s.outcome()).isEqualTo(ChargebackOutcome.OPEN);
        }

        @Test
        void aWonChargebackWithoutAnAmountCreditsWhatWasSettledOnce() {
            given(auth("1", 1000, AT), confirm("1", 900), new CardCommands.RequestChargeback(CARD, "1", AT));

            ChargebackStatusReported won = answer(report("r-1", "1", "Won", null), ChargebackStatusReported.class);
            assertThat(won.outcome()).isEqualTo(ChargebackOutcome.WON);
            assertThat(won.creditedMinor()).isEqualTo(900);
            assertThat(won.matched()).isTrue();

            given(report("r-1", "1", "Won", null));
            when(report("r-1", "1", "Won", null)).expectNoEvents();
            assertThat(answer(report("r-2", "1", "won again", 900L), ChargebackStatusReported.class).creditedMinor()).isZero();
        }

        @Test
        void aWonChargebackWithAnAmountCreditsThatAmount() {
            given(auth("1", 1000, AT));
            assertThat(answer(report("r-1", "1", "ACCEPTED", 250L), ChargebackStatusReported.class).creditedMinor()).isEqualTo(250);
        }

        @Test
        void aLostChargebackMovesNothingButIsRecorded() {
            given(auth("1", 1000, AT), new CardCommands.RequestChargeback(CARD, "1", AT));
            ChargebackStatusReported lost = answer(report("r-1", "1", "Lost", 1000L), ChargebackStatusReported.class);
            assertThat(lost.outcome()).isEqualTo(ChargebackOutcome.LOST);
            assertThat(lost.creditedMinor()).isZero();
            given(report("r-1", "1", "Lost", 1000L));
            ChargebackState s = answer(new CardCommands.DescribeChargeback(CARD, "1"), ChargebackState.class);
            assertThat(s.status()).isEqualTo("Lost");
            assertThat(s.requestedAt()).isEqualTo(AT);
        }

        @Test
        void aReportForATransactionTheCardDoesNotKnowIsRecordedUnmatchedAndMovesNothing() {
            ChargebackStatusReported r = answer(report("r-1", "777", "Won", 500L), ChargebackStatusReported.class);
            assertThat(r.matched()).isFalse();
            assertThat(r.creditedMinor()).isZero();
        }

        private static CardCommands.ReportChargebackStatus report(String id, String c11, String status, Long amount) {
            return new CardCommands.ReportChargebackStatus(CARD, c11, id, status, amount, "{}", AT);
        }
    }
}
