package io.cardledger.projection.read.balance;

import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionITBase;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;

import static io.cardledger.projection.LedgerFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The warm-up reads balances through the HTTP endpoint (500 reads in the tests' configuration). */
class ReadPathWarmUpIT extends ProjectionITBase {
    @Autowired
    ReadPathWarmUp warmUp;

    @Test
    void readsBalancesThroughTheEndpointAndWritesNothing() throws Exception {
        // given a projected wallet
        WalletStream wallet = new WalletStream(uniqueId("w"), "EUR");
        publish(wallet.registered(uniqueId("u")), wallet.payIn(uniqueId("op"), 700, Instant.now()));
        await().atMost(PROJECTED).until(() -> get("/api/v1/wallets/" + wallet.walletId).getStatusCode().is2xxSuccessful());
        double before = balanceReads();
        String rowBefore = jdbc.queryForObject("SELECT to_jsonb(b)::text FROM wallet_balance b WHERE wallet_id = ?", String.class,
                wallet.walletId);

        // when
        warmUp.run(null);

        // then (the observation of each read closes just after its answer is sent)
        await().atMost(PROJECTED).until(() -> balanceReads() >= before + 500);
        assertThat(jdbc.queryForObject("SELECT to_jsonb(b)::text FROM wallet_balance b WHERE wallet_id = ?", String.class,
                wallet.walletId)).isEqualTo(rowBefore);
    }

    /**
     * Answered balance reads, whatever their status: the warm-up also reads one unknown wallet (404), and the
     * shared read model holds other tests' wallets, whose ids may be answered otherwise.
     */
    private double balanceReads() {
        return meters.find("http.server.requests").tag("uri", "/api/v1/wallets/{walletId}").timers().stream()
                .mapToDouble(Timer::count).sum();
    }
}
