package io.cardledger.events.wallet;

import java.time.Instant;

/**
 * A fact that changed (or was recorded against) a wallet's balances. Every movement carries the
 * balance after it, so a reader never sees available and withheld from different moments.
 */
public sealed interface WalletMovement extends WalletEvent
        permits CardMovementPosted, PayInRecorded, PayOutRecorded, TransferSent, TransferReceived,
        CreditLineOpened, CreditPaymentReported, CreditLimitChanged, ChargebackCredited {
    String movementId();

    long availableDeltaMinor();

    long withheldDeltaMinor();

    Balance balanceAfter();

    Instant occurredAt();
}
