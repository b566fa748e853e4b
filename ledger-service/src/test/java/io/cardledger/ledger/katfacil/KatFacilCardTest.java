package io.cardledger.ledger.katfacil;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.katfacil.AmountReading;
import io.cardledger.events.katfacil.KatFacilEffect;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventAwaitingCard;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.KatFacilEventRecorded;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.ledger.card.CardStatus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The KatFacil rules (docs/rulebook.md, KatFacil section) through the KatFacilCard aggregate. */
class KatFacilCardTest {
    private static final String CARD = "kc-1";
    private static final String WALLET = "kc-1";
    private static final Instant AT = Instant.parse("2026-05-01T06:00:00Z");

    private AggregateTestFixture<KatFacilCard> fixture;
    private final List<Object> given = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(KatFacilCard.class);
        given.clear();
    }

    /** A KatFacil event as the ingest's mapping reads it; the key is the event id's. */
    private static RawKatFacilEvent event(KatFacilEventKind kind, String eventId, String status, long amountMinor,
                                         AmountReading reading, String currency, String transactionId, String fundingId) {
        KatFacilEvent e = new KatFacilEvent("digitalcard." + kind.name().toLowerCase(), kind, eventId, CARD, "u-1", null,
                reading == AmountReading.ABSENT ? null : "x", amountMinor, reading, currency, status, transactionId, fundingId,
                null, null);
        return new RawKatFacilEvent(1, "kf-" + eventId, AT, e, JsonNodeFactory.instance.objectNode());
    }

    private static RawKatFacilEvent newCard(String eventId) {
        return event(KatFacilEventKind.NEW_CARD, eventId, null, 0, AmountReading.ABSENT, "USD", null, null);
    }

    private static RawKatFacilEvent funded(String eventId, long minor, String fundingId) {
        return event(KatFacilEventKind.FUNDED, eventId, "approved", minor, AmountReading.EXACT, "USD", null, fundingId);
    }

    private static RawKatFacilEvent transaction(String eventId, String status, long minor, String transactionId) {
        return event(KatFacilEventKind.TRANSACTION, eventId, status, minor, AmountReading.EXACT, "USD", transactionId, transactionId);
    }

    private static KatFacilCommands.RecordEvent record(RawKatFacilEvent raw) {
        boolean newCard = raw.event().kind() == KatFacilEventKind.NEW_CARD;
        return new KatFacilCommands.RecordEvent(CARD, raw, newCard ? WALLET : null, newCard ? "USD" : null, AT);
    }

    private static KatFacilEventRecorded recorded(RawKatFacilEvent raw, KatFacilEffect effect, long delta, MovementFlag... flags) {
        Set<MovementFlag> set = EnumSet.noneOf(MovementFlag.class);
        set.addAll(List.of(flags));
        return new KatFacilEventRecorded(CARD, WALLET, "USD", raw.eventKey(), raw, effect, delta, set, AT);
    }

    private KatFacilCardTest given(RawKatFacilEvent... events) {
        for (RawKatFacilEvent e : events) {
            given.add(record(e));
        }
        return this;
    }

    private ResultValidator<KatFacilCard> when(RawKatFacilEvent event) {
        return given.isEmpty() ? fixture.givenNoPriorActivity().when(record(event)) : fixture.givenCommands(given).when(record(event));
    }

    @Nested
    class Registration {
        @Test
        void aNewcardRegistersTheCardOnItsWallet() {
            RawKatFacilEvent card = newCard("n-1");

            when(card).expectEvents(recorded(card, KatFacilEffect.CARD_REGISTERED, 0));
        }

        @Test
        void eventsBeforeTheNewcardWaitAndApplyInArrivalOrderWhenItArrives() {
            RawKatFacilEvent fund = funded("f-1", 5000, "fund-1");
            RawKatFacilEvent spend = transaction("t-1", "completed", 1250, "tx-1");
            RawKatFacilEvent card = newCard("n-1");
            given(fund, spend);

            when(card).expectEvents(recorded(card, KatFacilEffect.CARD_REGISTERED, 0),
                    recorded(fund, KatFacilEffect.CREDIT, 5000), recorded(spend, KatFacilEffect.DEBIT, -1250));
        }

        @Test
        void anEventBeforeTheNewcardWaitsOnTheCard() {
            RawKatFacilEvent fund = funded("f-1", 5000, "fund-1");

            when(fund).expectEvents(new KatFacilEventAwaitingCard(CARD, fund));
        }

        @Test
        void aSecondNewcardIsRecordedWithoutEffect() {
            RawKatFacilEvent again = newCard("n-2");
            given(newCard("n-1"));

            when(again).expectEvents(recorded(again, KatFacilEffect.RECORDED, 0));
        }
    }

    @Nested
    class Funding {
        @Test
        void aFundrequestIsPendingAndMovesNothing() {
            RawKatFacilEvent request = event(KatFacilEventKind.FUND_REQUEST, "r-1", "processing", 5000, AmountReading.EXACT, "USD",
                    null, "fund-1");
            given(newCard("n-1"));

            when(request).expectEvents(recorded(request, KatFacilEffect.FUNDING_PENDING, 0));
        }

        @Test
        void fundedCreditsTheAmount() {
            RawKatFacilEvent fund = funded("f-1", 5000, "fund-1");
            given(newCard("n-1"));

            when(fund).expectEvents(recorded(fund, KatFacilEffect.CREDIT, 5000));
        }

        @Test
        void theSameEventIdAgainRecordsNothing() {
            given(newCard("n-1"), funded("f-1", 5000, "fund-1"));

            when(funded("f-1", 5000, "fund-1")).expectNoEvents();
        }

        @Test
        void theSameFundingUnderAnotherEventIdMovesNothing() {
            RawKatFacilEvent again = funded("f-2", 5000, "fund-1");
            given(newCard("n-1"), funded("f-1", 5000, "fund-1"));

            when(again).expectEvents(recorded(again, KatFacilEffect.RECORDED, 0, MovementFlag.DUPLICATE_MONEY_ID));
        }

        @Test
        void aFundrequestAfterItsFundingIsNotPendingAnyMore() {
            RawKatFacilEvent late = event(KatFacilEventKind.FUND_REQUEST, "r-1", "processing", 5000, AmountReading.EXACT, "USD",
                    null, "fund-1");
            given(newCard("n-1"), funded("f-1", 5000, "fund-1"));

            when(late).expectEvents(recorded(late, KatFacilEffect.RECORDED, 0));
        }

        @Test
        void anInexactOrUnreadableAmountOrAnotherCurrencyMovesNothingAndIsFlagged() {
            RawKatFacilEvent inexact = event(KatFacilEventKind.FUNDED, "f-1", null, 0, AmountReading.INEXACT, "USD", null, "a");
            RawKatFacilEvent unreadable = event(KatFacilEventKind.FUNDED, "f-2", null, 0, AmountReading.UNREADABLE, "USD", null, "b");
            RawKatFacilEvent euros = event(KatFacilEventKind.FUNDED, "f-3", null, 500, AmountReading.EXACT, "EUR", null, "c");
            given(newCard("n-1"));

            when(inexact).expectEvents(recorded(inexact, KatFacilEffect.RECORDED, 0, MovementFlag.INEXACT_AMOUNT));
            setUp();
            given(newCard("n-1"));
            when(unreadable).expectEvents(recorded(unreadable, KatFacilEffect.RECORDED, 0, MovementFlag.UNREADABLE_AMOUNT));
            setUp();
            given(newCard("n-1"));
            when(euros).expectEvents(recorded(euros, KatFacilEffect.RECORDED, 0, MovementFlag.CURRENCY_MISMATCH));
        }
    }

    @Nested
    class Transactions {
        @ParameterizedTest(name = "{0} -> {1} {2}")
        @CsvSource({"completed, DEBIT, -1250, ", "Completed, DEBIT, -1250, ", "declined, DECLINED, 0, DECLINED",
                "failed, DECLINED, 0, DECLINED", "pending, RECORDED, 0, UNRECOGNISED_STATUS"})
        void aCompletedTransactionIsASettledDebitADeclinedOneNothing(String status, KatFacilEffect effect, long delta, MovementFlag flag) {
            RawKatFacilEvent tx = transaction("t-1", status, 1250, "tx-1");
            given(newCard("n-1"));

            when(tx).expectEvents(flag == null ? recorded(tx, effect, delta) : recorded(tx, effect, delta, flag));
        }

        @Test
        void aTransactionIdDebitsOnce() {
            RawKatFacilEvent again = transaction("t-2", "completed", 1250, "tx-1");
            given(newCard("n-1"), transaction("t-1", "completed", 1250, "tx-1"));

            when(again).expectEvents(recorded(again, KatFacilEffect.RECORDED, 0, MovementFlag.DUPLICATE_MONEY_ID));
        }

        @ParameterizedTest(name = "blockchain {0} -> {1} {2}")
        @CsvSource({"deposit, CREDIT, 700, ", "refund, CREDIT, 700, ", "withdrawal, DEBIT, -700, ", "transfer, DEBIT, -700, ",
                "transfer_out, DEBIT, -700, ", "settlement, RECORDED, 0, ", "airdrop, RECORDED, 0, UNRECOGNISED_STATUS"})
        void blockchainDepositsAndRefundsCreditWithdrawalsAndTransfersOutDebit(String activity, KatFacilEffect effect, long delta,
                                                                               MovementFlag flag) {
            RawKatFacilEvent bc = event(KatFacilEventKind.BLOCKCHAIN, "b-1", activity, 700, AmountReading.EXACT, "USD", "bc-1", null);
            given(newCard("n-1"));

            when(bc).expectEvents(flag == null ? recorded(bc, effect, delta) : recorded(bc, effect, delta, flag));
        }
    }

    @Nested
    class NoMoney {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"CARD_AUTHORIZATION, RECORDED, ", "XPAY_ACTIVATION, RECORDED, ", "FREEZE, FROZEN, ", "UNFREEZE, UNFROZEN, ",
                "UNRECOGNISED, RECORDED, UNRECOGNISED_TYPE"})
        void recordedWithoutMoney(KatFacilEventKind kind, KatFacilEffect effect, MovementFlag flag) {
            RawKatFacilEvent e = event(kind, "x-1", null, 499, AmountReading.EXACT, "USD", null, null);
            given(newCard("n-1"));

            when(e).expectEvents(flag == null ? recorded(e, effect, 0) : recorded(e, effect, 0, flag));
        }
    }

    @Nested
    class Frozen {
        private RawKatFacilEvent freeze(String eventId) {
            return event(KatFacilEventKind.FREEZE, eventId, null, 0, AmountReading.ABSENT, "USD", null, null);
        }

        @Test
        void moneyThatMovesWhileFrozenIsAppliedAndFlaggedCardBlocked() {
            RawKatFacilEvent spend = transaction("t-1", "completed", 500, "tx-1");
            given(newCard("n-1"), funded("f-1", 2000, "fund-1"), freeze("z-1"));

            when(spend).expectEvents(recorded(spend, KatFacilEffect.DEBIT, -500, MovementFlag.CARD_BLOCKED));
        }

        @Test
        void aFundingWhileFrozenIsFlaggedToo() {
            RawKatFacilEvent fund = funded("f-2", 700, "fund-2");
            given(newCard("n-1"), freeze("z-1"));

            when(fund).expectEvents(recorded(fund, KatFacilEffect.CREDIT, 700, MovementFlag.CARD_BLOCKED));
        }

        @Test
        void aDeclineWhileFrozenMovesNothingAndIsNotFlaggedBlocked() {
            RawKatFacilEvent declined = transaction("t-2", "declined", 500, "tx-2");
            given(newCard("n-1"), freeze("z-1"));

            when(declined).expectEvents(recorded(declined, KatFacilEffect.DECLINED, 0, MovementFlag.DECLINED));
        }

        @Test
        void afterTheUnfreezeMoneyIsNotFlagged() {
            RawKatFacilEvent spend = transaction("t-1", "completed", 500, "tx-1");
            given(newCard("n-1"), funded("f-1", 2000, "fund-1"), freeze("z-1"),
                    event(KatFacilEventKind.UNFREEZE, "u-1", null, 0, AmountReading.ABSENT, "USD", null, null));

            when(spend).expectEvents(recorded(spend, KatFacilEffect.DEBIT, -500));
        }

        @Test
        void aFreezeThatArrivedBeforeTheNewcardFlagsTheMoneyReleasedAfterIt() {
            RawKatFacilEvent fund = funded("f-1", 2000, "fund-1");
            RawKatFacilEvent frozen = freeze("z-1");
            RawKatFacilEvent card = newCard("n-1");
            given(frozen, fund);

            when(card).expectEvents(recorded(card, KatFacilEffect.CARD_REGISTERED, 0), recorded(frozen, KatFacilEffect.FROZEN, 0),
                    recorded(fund, KatFacilEffect.CREDIT, 2000, MovementFlag.CARD_BLOCKED));
        }
    }

    /** The card's state as the ledger's controls keep it (block or cancel through the API) reaches the rules with the event. */
    @Nested
    class CardControls {
        private ResultValidator<KatFacilCard> whenControls(RawKatFacilEvent event, CardStatus controls) {
            return fixture.givenCommands(given).when(new KatFacilCommands.RecordEvent(CARD, event, null, null, AT, controls));
        }

        @Test
        void moneyOnACardItsControlsBlockedIsFlaggedCardBlocked() {
            RawKatFacilEvent spend = transaction("t-1", "completed", 500, "tx-1");
            given(newCard("n-1"), funded("f-1", 2000, "fund-1"));

            whenControls(spend, CardStatus.BLOCKED).expectEvents(recorded(spend, KatFacilEffect.DEBIT, -500, MovementFlag.CARD_BLOCKED));
        }

        @Test
        void moneyOnACancelledCardIsFlaggedCardCancelledEvenWhileFrozen() {
            RawKatFacilEvent fund = funded("f-2", 700, "fund-2");
            given(newCard("n-1"), event(KatFacilEventKind.FREEZE, "z-1", null, 0, AmountReading.ABSENT, "USD", null, null));

            whenControls(fund, CardStatus.CANCELLED).expectEvents(recorded(fund, KatFacilEffect.CREDIT, 700, MovementFlag.CARD_CANCELLED));
        }

        @Test
        void anActiveCardsMoneyAndADeclineOnABlockedCardAreNotFlagged() {
            RawKatFacilEvent spend = transaction("t-1", "completed", 500, "tx-1");
            RawKatFacilEvent declined = transaction("t-2", "declined", 500, "tx-2");
            given(newCard("n-1"), funded("f-1", 2000, "fund-1"));

            whenControls(spend, CardStatus.ACTIVE).expectEvents(recorded(spend, KatFacilEffect.DEBIT, -500));
            setUp();
            given(newCard("n-1"), funded("f-1", 2000, "fund-1"));
            whenControls(declined, CardStatus.BLOCKED).expectEvents(recorded(declined, KatFacilEffect.DECLINED, 0, MovementFlag.DECLINED));
        }
    }
}
