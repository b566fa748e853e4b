package io.cardledger.projection.read.transactions;

import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.wallet.WalletMovement;
import io.cardledger.projection.LedgerFixtures;
import io.cardledger.projection.LedgerFixtures.CardLine;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionRowTest {
    private final WalletStream wallet = new WalletStream("w1", "EUR");

    private static TransactionRow row(LedgerEventEnvelope e, Class<? extends WalletMovement> type) throws Exception {
        return TransactionRow.from(e, LedgerFixtures.JSON.treeToValue(e.payload(), type), null);
    }

    @Test
    void aCardLineKeepsMerchantC11C38AndTheBalanceItLeft() throws Exception {
        wallet.payIn("p", 10_000, Instant.now());
        LedgerEventEnvelope e = wallet.card(new CardLine("card1", "mv1", "TransaccionCorregidaPositiva", "c11", "c38", "CAFE",
                "000175", "5812", 300, 300, -2_000, AuthorizationStatus.SETTLED,
                Set.of(MovementFlag.SETTLED_AMOUNT_DIFFERS, MovementFlag.BATCH_ONLY), LocalDateTime.parse("2026-07-02T10:00:00")));

        TransactionRow r = row(e, io.cardledger.events.wallet.CardMovementPosted.class);

        assertThat(r.movementType()).isEqualTo(TransactionRow.MovementType.CARD);
        assertThat(r.sequence()).isEqualTo(1);
        assertThat(r.kind()).isEqualTo("CORRECTION_POSITIVE");
        assertThat(r.transactionId()).isEqualTo("c11");
        assertThat(r.authorizationCode()).isEqualTo("c38");
        assertThat(r.merchantName()).isEqualTo("CAFE");
        assertThat(r.merchantId()).isEqualTo("000175");
        assertThat(r.merchantCategory()).isEqualTo("5812");
        assertThat(r.availableDeltaMinor()).isEqualTo(300);
        assertThat(r.withheldDeltaMinor()).isEqualTo(-2_000);
        assertThat(r.availableAfterMinor()).isEqualTo(10_300);
        assertThat(r.withheldAfterMinor()).isEqualTo(-2_000);
        assertThat(r.flags()).containsExactly("BATCH_ONLY", "SETTLED_AMOUNT_DIFFERS");
        assertThat(r.transactionTime()).isEqualTo(Instant.parse("2026-07-02T10:00:00Z"));
        assertThat(r.localTransactionTime()).isEqualTo(LocalDateTime.parse("2026-07-02T10:00:00"));
    }

    @Test
    void walletOperationsAreTimedWhenTheyOccurredAndSignedByDirection() throws Exception {
        Instant at = Instant.parse("2026-07-05T08:00:00Z");
        wallet.payIn("p", 10_000, at);

        TransactionRow out = row(wallet.transferSent("t1", "w2", 2_500, at), io.cardledger.events.wallet.TransferSent.class);

        assertThat(out.movementType()).isEqualTo(TransactionRow.MovementType.TRANSFER_SENT);
        assertThat(out.amountMinor()).isEqualTo(2_500);
        assertThat(out.availableDeltaMinor()).isEqualTo(-2_500);
        assertThat(out.withheldDeltaMinor()).isZero();
        assertThat(out.availableAfterMinor()).isEqualTo(7_500);
        assertThat(out.counterpartyWalletId()).isEqualTo("w2");
        assertThat(out.transactionTime()).isEqualTo(at);
        assertThat(out.cardId()).isNull();
        assertThat(out.flags()).isEmpty();
    }
}
