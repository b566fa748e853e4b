package io.cardledger.ledger.wallet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.CreditLineBlocked;
import io.cardledger.events.wallet.CreditLineOpened;
import io.cardledger.events.wallet.WalletRegistered;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 21: a wallet's credit line survives a snapshot (Jackson JSON of the fields, as the snapshots are written). */
class ParitySnapshotTest {
    private static final ObjectMapper JSON = LedgerEventTypes.configure(new ObjectMapper());
    private static final Instant AT = Instant.parse("2026-04-29T06:00:00Z");

    @Test
    void aCreditLineReadsBackFromItsSnapshot() throws Exception {
        Wallet wallet = new Wallet();
        wallet.on(new WalletRegistered("w-1", "u-1", "USD", 0, AT));
        wallet.on(new CreditLineOpened("w-1", 10_000, 30, "line", "USD", new Balance(10_000, 0, "USD"), AT));
        wallet.on(new CreditLineBlocked("w-1", "past term", "m-1", AT));

        String snapshot = JSON.writeValueAsString(wallet);
        Wallet back = JSON.readValue(snapshot, Wallet.class);

        assertThat(JSON.writeValueAsString(back)).isEqualTo(snapshot);
        assertThat(snapshot).contains("\"lineBlocked\":true").contains("\"limitMinor\":10000");
    }

    @Test
    void aSnapshotFromBeforeCreditLinesReadsAsADebitWallet() throws Exception {
        Wallet wallet = new Wallet();
        wallet.on(new WalletRegistered("w-1", "u-1", "USD", 0, AT));
        String snapshot = JSON.writeValueAsString(wallet).replace(",\"credit\":null", "");

        Wallet back = JSON.readValue(snapshot, Wallet.class);

        assertThat(JSON.writeValueAsString(back)).contains("\"credit\":null");
    }
}
