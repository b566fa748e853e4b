package io.cardledger.ledger.wallet;

import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.CardMovementPosted;
import io.cardledger.events.wallet.ChargebackCredited;
import io.cardledger.events.wallet.CreditLimitChanged;
import io.cardledger.events.wallet.CreditLineBlocked;
import io.cardledger.events.wallet.CreditLineOpened;
import io.cardledger.events.wallet.CreditPaymentReported;
import io.cardledger.events.wallet.WalletRegistered;
import io.cardledger.ledger.card.Rulebook;
import io.cardledger.ledger.support.Notifications;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.cardledger.events.card.MovementFlag.CREDIT_LINE_BLOCKED;
import static io.cardledger.events.card.MovementFlag.CREDIT_PAST_TERM;
import static io.cardledger.events.card.MovementFlag.NEGATIVE_AVAILABLE;
import static io.cardledger.events.card.MovementFlag.OVER_CREDIT_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.predicate;

/** Issue 21: a wallet with a credit line (PayCaddy walletCredits): available = limit - used, payments, limit changes. */
class CreditLineTest {
    private static final Instant AT = Instant.parse("2026-04-29T06:00:00Z");
    private static final WalletRegistered REGISTERED = new WalletRegistered("w-1", "u-1", "USD", 0, AT);
    private static final CreditLineOpened OPENED = new CreditLineOpened("w-1", 10_000, 30, "line", "USD",
            new Balance(10_000, 0, "USD"), AT);

    private AggregateTestFixture<Wallet> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Wallet.class);
    }

    private static CardNotificationRecorded movement(String c11, long available, long withheld) {
        var raw = Notifications.of("PeticionAutorizacion", "c-1").amount(Math.abs(available)).c11(c11).raw();
        return new CardNotificationRecorded("c-1", "w-1", raw.notificationId(), Rulebook.MAJOR_VERSION, raw, available, withheld,
                AuthorizationView.none(c11), EnumSet.noneOf(MovementFlag.class), AT);
    }

    private static WalletCommands.PostCardMovements post(Instant at, CardNotificationRecorded... movements) {
        return new WalletCommands.PostCardMovements("w-1", List.of(movements), at);
    }

    private static CardMovementPosted posted(String c11, long available, long withheld, long availableAfter, long withheldAfter,
                                             Instant at, MovementFlag... flags) {
        CardNotificationRecorded m = movement(c11, available, withheld);
        var n = m.notification().notification();
        EnumSet<MovementFlag> set = EnumSet.noneOf(MovementFlag.class);
        set.addAll(List.of(flags));
        return new CardMovementPosted("w-1", m.movementId(), "c-1", m.notificationId(), n.type(), n.kind(), n.moneySend(),
                n.transactionId(), n.authorizationCode(), n.merchantName(), n.merchantId(), n.merchantCategory(), n.amountMinor(),
                available, withheld, new Balance(availableAfter, withheldAfter, "USD"), m.authorization().status(), set,
                m.rulebookVersion(), n.transactionTime(), at);
    }

    /** The postings' flags, in order. */
    private static List<EnumSet<MovementFlag>> flagsOf(ResultValidator<Wallet> result) {
        List<EnumSet<MovementFlag>> flags = new ArrayList<>();
        result.expectSuccessfulHandlerExecution().expectEventsMatching(predicate(events -> {
            for (Object e : (List<?>) events) {
                Object payload = ((org.axonframework.eventhandling.EventMessage<?>) e).getPayload();
                if (payload instanceof CardMovementPosted p) {
                    flags.add(p.flags().isEmpty() ? EnumSet.noneOf(MovementFlag.class) : EnumSet.copyOf(p.flags()));
                }
            }
            return true;
        }));
        return flags;
    }

    private CreditState answer(ResultValidator<Wallet> result) {
        AtomicReference<CreditState> out = new AtomicReference<>();
        result.expectSuccessfulHandlerExecution().expectResultMessagePayloadMatching(predicate(p -> {
            out.set((CreditState) p);
            return true;
        }));
        return out.get();
    }

    @Nested
    class Opening {
        @Test
        void aCreditWalletStartsWithItsLimitAvailable() {
            fixture.givenNoPriorActivity()
                    .when(new WalletCommands.RegisterCreditWallet("w-1", "u-1", "USD", 0, "line", 30, 10_000, AT))
                    .expectEvents(REGISTERED, OPENED);
        }

        @Test
        void registeringAgainWithTheSameTermsIsANoOpAndWithOthersAConflict() {
            fixture.given(REGISTERED, OPENED)
                    .when(new WalletCommands.RegisterCreditWallet("w-1", "u-1", "USD", 0, "line", 30, 10_000, AT))
                    .expectNoEvents();
            fixture.given(REGISTERED, OPENED)
                    .when(new WalletCommands.RegisterCreditWallet("w-1", "u-1", "USD", 0, "line", 30, 20_000, AT))
                    .expectException(WalletRefusedException.class);
            fixture.given(REGISTERED)
                    .when(new WalletCommands.RegisterCreditWallet("w-1", "u-1", "USD", 0, "line", 30, 10_000, AT))
                    .expectException(WalletRefusedException.class);
        }
    }

    @Nested
    class Purchases {
        @Test
        void aPurchaseWithinTheLimitRaisesNoNegativeAvailable() {
            fixture.given(REGISTERED, OPENED)
                    .when(post(AT, movement("1", -4_000, 4_000)))
                    .expectEvents(posted("1", -4_000, 4_000, 6_000, 4_000, AT));
        }

        @Test
        void aPurchaseOverTheLimitIsAppliedAndFlaggedOverTheCreditLimitNotNegativeAvailable() {
            List<EnumSet<MovementFlag>> flags = flagsOf(fixture.given(REGISTERED, OPENED)
                    .when(post(AT, movement("1", -12_000, 12_000))));
            assertThat(flags).hasSize(1);
            assertThat(flags.get(0)).contains(OVER_CREDIT_LIMIT).doesNotContain(NEGATIVE_AVAILABLE);
        }

        @Test
        void aPurchasePastTheTermIsAppliedFlaggedAndBlocksTheLine() {
            Instant late = AT.plus(Duration.ofDays(31));
            fixture.given(REGISTERED, OPENED)
                    .when(post(late, movement("1", -1_000, 1_000), movement("2", -1_000, 1_000)))
                    .expectEvents(posted("1", -1_000, 1_000, 9_000, 1_000, late, CREDIT_PAST_TERM),
                            new CreditLineBlocked("w-1", "used past its term of 30 days", movement("1", -1_000, 1_000).movementId(), late),
                            posted("2", -1_000, 1_000, 8_000, 2_000, late, CREDIT_LINE_BLOCKED));
        }
    }

    @Nested
    class PaymentsAndLimits {
        private final CardMovementPosted spent = posted("1", -4_000, 0, 6_000, 0, AT);

        @Test
        void capitalRestoresAvailableAndInterestIsOnlyRecorded() {
            CreditState s = answer(fixture.given(REGISTERED, OPENED, spent)
                    .when(new WalletCommands.ReportCreditPayment("w-1", "pay-1", 1_500, 300, "USD", "April", false, AT)));
            assertThat(s.availableMinor()).isEqualTo(7_500);
            assertThat(s.usedMinor()).isEqualTo(2_500);
            assertThat(s.interestRecordedMinor()).isEqualTo(300);
            assertThat(s.status()).isEqualTo("ACTIVE");
        }

        @Test
        void aPaymentIsRecordedOnceByItsIdAndAnIdReusedForOtherTermsIsRefused() {
            CreditPaymentReported paid = new CreditPaymentReported("w-1", "pay-1", 1_500, 0, "USD", "April", false,
                    new Balance(7_500, 0, "USD"), AT);
            fixture.given(REGISTERED, OPENED, spent, paid)
                    .when(new WalletCommands.ReportCreditPayment("w-1", "pay-1", 1_500, 0, "USD", "again", false, AT))
                    .expectNoEvents();
            fixture.given(REGISTERED, OPENED, spent, paid)
                    .when(new WalletCommands.ReportCreditPayment("w-1", "pay-1", 9_999, 0, "USD", "April", false, AT))
                    .expectException(WalletRefusedException.class);
        }

        @Test
        void restoreCreditUnblocksABlockedLineAndStartsANewTerm() {
            Instant late = AT.plus(Duration.ofDays(31));
            CreditState s = answer(fixture.given(REGISTERED, OPENED, spent, new CreditLineBlocked("w-1", "past term", "m", late))
                    .when(new WalletCommands.ReportCreditPayment("w-1", "pay-1", 4_000, 0, "USD", "all", true, late)));
            assertThat(s.status()).isEqualTo("ACTIVE");
            assertThat(s.active()).isTrue();
            assertThat(s.termStart()).isEqualTo(late);
            assertThat(s.pastTerm()).isFalse();
            assertThat(s.availableMinor()).isEqualTo(10_000);
        }

        @Test
        void aPaymentInAnotherCurrencyIsRefusedWithTheIssuersTitle() {
            fixture.given(REGISTERED, OPENED)
                    .when(new WalletCommands.ReportCreditPayment("w-1", "pay-1", 100, 0, "EUR", "x", false, AT))
                    .expectNoEvents()
                    .expectException(predicate(e -> ((WalletRefusedException) e).reason().title()
                            .equals("currency code does not match walletId")));
        }

        @Test
        void aLimitChangeMovesAvailableByTheDifferenceAndKeepsWhatIsUsed() {
            fixture.given(REGISTERED, OPENED, spent)
                    .when(new WalletCommands.ChangeCreditLimit("w-1", "lim-1", 15_000, "USD", "raise", AT))
                    .expectEvents(new CreditLimitChanged("w-1", "lim-1", 10_000, 15_000, "USD", "raise",
                            new Balance(11_000, 0, "USD"), AT));
        }

        @Test
        void aLimitChangeInAnotherCurrencyIsRefusedWithTheIssuersTitle() {
            fixture.given(REGISTERED, OPENED)
                    .when(new WalletCommands.ChangeCreditLimit("w-1", "lim-1", 15_000, "EUR", "raise", AT))
                    .expectNoEvents()
                    .expectException(predicate(e -> ((WalletRefusedException) e).reason()
                            == WalletRefusedException.Reason.CURRENCY_MISMATCH));
        }

        @Test
        void aDebitWalletHasNoCreditLineToPayOrChange() {
            fixture.given(REGISTERED)
                    .when(new WalletCommands.ChangeCreditLimit("w-1", "lim-1", 15_000, "USD", "raise", AT))
                    .expectException(predicate(e -> ((WalletRefusedException) e).reason()
                            == WalletRefusedException.Reason.NOT_A_CREDIT_WALLET));
        }

        @Test
        void theStatusShowsLimitUsedAvailableAndTheFlags() {
            CreditState s = answer(fixture.given(REGISTERED, OPENED, posted("1", -12_000, 0, -2_000, 0, AT))
                    .when(new WalletCommands.DescribeCredit("w-1", AT.plus(Duration.ofDays(40)))));
            assertThat(s.limitMinor()).isEqualTo(10_000);
            assertThat(s.usedMinor()).isEqualTo(12_000);
            assertThat(s.availableMinor()).isEqualTo(-2_000);
            assertThat(s.overLimit()).isTrue();
            assertThat(s.pastTerm()).isTrue();
            assertThat(s.termEndsAt()).isEqualTo(AT.plus(Duration.ofDays(30)));
        }
    }

    @Test
    void aWonChargebackIsCreditedOnceByItsMovementId() {
        ChargebackCredited credited = new ChargebackCredited("w-1", "chargeback:c-1:1", "c-1", "1", 900, "USD",
                new Balance(9_100, 0, "USD"), AT);
        fixture.given(REGISTERED, OPENED, posted("1", -1_800, 0, 8_200, 0, AT))
                .when(new WalletCommands.CreditChargeback("w-1", "chargeback:c-1:1", "c-1", "1", 900, AT))
                .expectEvents(credited);
        fixture.given(REGISTERED, OPENED, credited)
                .when(new WalletCommands.CreditChargeback("w-1", "chargeback:c-1:1", "c-1", "1", 900, AT))
                .expectNoEvents();
    }
}
