package io.cardledger.projection.read.balance;

import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.projection.LedgerFixtures;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BalanceChangesTest {

    private static void add(BalanceChanges changes, LedgerEventEnvelope e) throws Exception {
        Class<?> type = io.cardledger.events.LedgerEventTypes.byName(e.type()).orElseThrow();
        changes.add(e, LedgerFixtures.JSON.treeToValue(e.payload(), type));
    }

    @Test
    void onePollCollapsesToTheLastBalancePerWallet() throws Exception {
        WalletStream a = new WalletStream("wa", "EUR");
        WalletStream b = new WalletStream("wb", "USD");
        BalanceChanges changes = new BalanceChanges();

        add(changes, a.registered("ua"));
        add(changes, a.payIn("p1", 1_000, Instant.now()));
        add(changes, b.registered("ub"));
        add(changes, a.payOut("p2", 300, Instant.now()));
        add(changes, b.payIn("p3", 50, Instant.now()));

        assertThat(changes.registrations()).extracting(BalanceChanges.Registration::walletId, BalanceChanges.Registration::userId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("wa", "ua"), org.assertj.core.groups.Tuple.tuple("wb", "ub"));
        assertThat(changes.snapshots()).containsExactly(
                new BalanceChanges.Snapshot("wa", 700, 0, "EUR", 2, changes.snapshots().iterator().next().eventAt()),
                new BalanceChanges.Snapshot("wb", 50, 0, "USD", 1, changes.snapshots().stream().skip(1).findFirst().orElseThrow().eventAt()));
    }

    @Test
    void eventsThatAreNotWalletEventsLeaveNoRow() throws Exception {
        BalanceChanges changes = new BalanceChanges();
        LedgerFixtures.CardStream card = new LedgerFixtures.CardStream("c1", "w1");

        add(changes, card.registered("u1"));

        assertThat(changes.registrations()).isEmpty();
        assertThat(changes.snapshots()).isEmpty();
    }
}
