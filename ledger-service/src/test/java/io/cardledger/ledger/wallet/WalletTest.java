package io.cardledger.ledger.wallet;

import io.cardledger.events.wallet.TransferReceived;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.CardMovementPosted;
import io.cardledger.events.wallet.PayInRecorded;
import io.cardledger.events.wallet.PayOutRecorded;
import io.cardledger.events.wallet.TransferSent;
import io.cardledger.events.wallet.WalletRegistered;
import io.cardledger.ledger.card.Rulebook;
import io.cardledger.ledger.support.Notifications;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;

class WalletTest {
    private static final Instant AT = Instant.parse("2026-04-29T06:00:00Z");
    private static final WalletRegistered REGISTERED = new WalletRegistered("w-1", "u-1", "USD", 0, AT);

    private AggregateTestFixture<Wallet> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Wallet.class);
    }

    private static PayInRecorded payIn(String id, long amount, long availableAfter) {
        return new PayInRecorded("w-1", id, amount, "USD", "top-up", new Balance(availableAfter, 0, "USD"), AT);
    }

    @Nested
    class Registration {
        @Test
        void registersOnceAndAgainWithTheSameDetailsIsANoOp() {
            fixture.givenNoPriorActivity()
                    .when(new WalletCommands.RegisterWallet("w-1", "u-1", "USD", 0, AT))
                    .expectEvents(REGISTERED);
            fixture.given(REGISTERED)
                    .when(new WalletCommands.RegisterWallet("w-1", "u-1", "USD", 0, AT))
                    .expectNoEvents();
        }

        @Test
        void registeringWithAnotherCurrencyIsAConflict() {
            fixture.given(REGISTERED)
                    .when(new WalletCommands.RegisterWallet("w-1", "u-1", "EUR", 0, AT))
                    .expectException(WalletRefusedException.class);
        }

        @Test
        void operationsOnAnUnknownWalletFail() {
            fixture.givenNoPriorActivity()
                    .when(new WalletCommands.RecordPayIn("w-1", "pi-1", 100, "USD", "x", AT))
                    .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
        }
    }

    @Nested
    class IntegratorOperations {
        @Test
        void payInCreditsAvailable() {
            fixture.given(REGISTERED)
                    .when(new WalletCommands.RecordPayIn("w-1", "pi-1", 10_000, "USD", "top-up", AT))
                    .expectEvents(payIn("pi-1", 10_000, 10_000));
        }

        @Test
        void theSameOperationIdIsRecordedOnce() {
            fixture.given(REGISTERED, payIn("pi-1", 10_000, 10_000))
                    .when(new WalletCommands.RecordPayIn("w-1", "pi-1", 10_000, "USD", "top-up", AT))
                    .expectNoEvents();
        }

        @Test
        void anOperationIdReusedForAnotherOperationIsRefused() {
            // Skipping it as a retry would let a transfer's other side credit money this side never debited.
            fixture.given(REGISTERED, payIn("pi-1", 1000, 1000),
                            new PayOutRecorded("w-1", "op-x", 100, "USD", "withdrawal", new Balance(900, 0, "USD"), AT))
                    .when(new WalletCommands.SendTransfer("w-1", "op-x", "w-2", 500, "USD", "transfer", AT))
                    .expectNoEvents()
                    .expectException(WalletRefusedException.class)
                    .expectExceptionMessage("Operation op-x was recorded on wallet w-1 as pay-out of 100 USD;"
                            + " this request is transfer of 500 USD from w-1 to w-2");
            fixture.given(REGISTERED, payIn("pi-1", 1000, 1000))
                    .when(new WalletCommands.RecordPayIn("w-1", "pi-1", 2000, "USD", "top-up", AT))
                    .expectNoEvents()
                    .expectException(WalletRefusedException.class);
            fixture.given(REGISTERED,
                            new TransferReceived("w-1", "t-1", "w-2", 300, "USD", "transfer", new Balance(300, 0, "USD"), AT))
                    .when(new WalletCommands.ReceiveTransfer("w-1", "t-1", "w-3", 300, "USD", "transfer", AT))
                    .expectNoEvents()
                    .expectException(WalletRefusedException.class);
        }

        @Test
        void aRetriedTransferIsRecognisedOnBothSides() {
            fixture.given(REGISTERED, payIn("pi-1", 1000, 1000),
                            new TransferSent("w-1", "t-1", "w-2", 400, "USD", "transfer", new Balance(600, 0, "USD"), AT))
                    .when(new WalletCommands.SendTransfer("w-1", "t-1", "w-2", 400, "USD", "retried", AT))
                    .expectNoEvents()
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED,
                            new TransferReceived("w-1", "t-1", "w-2", 400, "USD", "transfer", new Balance(400, 0, "USD"), AT))
                    .when(new WalletCommands.ReceiveTransfer("w-1", "t-1", "w-2", 400, "USD", "transfer", AT))
                    .expectNoEvents()
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void payOutAboveAvailableIsRefusedWithTheIssuersTitle() {
            fixture.given(REGISTERED, payIn("pi-1", 1000, 1000))
                    .when(new WalletCommands.RecordPayOut("w-1", "po-1", 2000, "USD", "withdrawal", AT))
                    .expectNoEvents()
                    .expectException(WalletRefusedException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("has 1000 available"));
        }

        @Test
        void payOutWithinAvailableDebits() {
            fixture.given(REGISTERED, payIn("pi-1", 1000, 1000))
                    .when(new WalletCommands.RecordPayOut("w-1", "po-2", 400, "USD", "withdrawal", AT))
                    .expectEvents(new PayOutRecorded("w-1", "po-2", 400, "USD", "withdrawal", new Balance(600, 0, "USD"), AT));
        }

        @Test
        void payInInAnotherCurrencyIsRefused() {
            fixture.given(REGISTERED)
                    .when(new WalletCommands.RecordPayIn("w-1", "pi-1", 100, "EUR", "x", AT))
                    .expectException(WalletRefusedException.class);
        }

        @Test
        void transferOutChecksFunds() {
            fixture.given(REGISTERED, payIn("pi-1", 1000, 1000))
                    .when(new WalletCommands.SendTransfer("w-1", "t-1", "w-2", 400, "USD", "transfer", AT))
                    .expectEvents(new TransferSent("w-1", "t-1", "w-2", 400, "USD", "transfer", new Balance(600, 0, "USD"), AT));
            fixture.given(REGISTERED, payIn("pi-1", 1000, 1000))
                    .when(new WalletCommands.SendTransfer("w-1", "t-1", "w-2", 1001, "USD", "transfer", AT))
                    .expectException(WalletRefusedException.class);
        }
    }

    @Nested
    class CardMovements {
        private CardNotificationRecorded movement(long available, long withheld) {
            var raw = Notifications.of("PeticionAutorizacion", "c-1").amount(withheld).c11("1").raw();
            return new CardNotificationRecorded("c-1", "w-1", raw.notificationId(), Rulebook.MAJOR_VERSION, raw, available, withheld,
                    AuthorizationView.none("1"), EnumSet.noneOf(MovementFlag.class), AT);
        }

        @Test
        void cardMovementsAlwaysApplyAndANegativeAvailableIsFlagged() {
            fixture.given(REGISTERED, payIn("pi-1", 100, 100))
                    .when(new WalletCommands.PostCardMovements("w-1", List.of(movement(-500, 500)), AT))
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(e -> {
                        CardMovementPosted p = (CardMovementPosted) e;
                        assertThat(p.balanceAfter()).isEqualTo(new Balance(-400, 500, "USD"));
                        assertThat(p.flags()).contains(MovementFlag.NEGATIVE_AVAILABLE);
                        assertThat(p.merchantName()).isEqualTo("AMZN Mktp ES Amazon.ES");
                        assertThat(p.transactionId()).isEqualTo("1");
                        return true;
                    }))));
        }
    }

    @Nested
    class Overflow {
        @Test
        void aPayInThatWouldOverflowTheBalanceIsRefusedWithAReasonAPersonReads() {
            fixture.given(REGISTERED, payIn("pi-1", Long.MAX_VALUE - 10, Long.MAX_VALUE - 10))
                    .when(new WalletCommands.RecordPayIn("w-1", "pi-2", 11, "USD", "top-up", AT))
                    .expectNoEvents()
                    .expectException(WalletRefusedException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("largest balance"));
        }

        @Test
        void upToTheLargestBalanceItIsRecorded() {
            fixture.given(REGISTERED, payIn("pi-1", Long.MAX_VALUE - 10, Long.MAX_VALUE - 10))
                    .when(new WalletCommands.RecordPayIn("w-1", "pi-2", 10, "USD", "top-up", AT))
                    .expectEvents(payIn("pi-2", 10, Long.MAX_VALUE));
        }
    }
}
