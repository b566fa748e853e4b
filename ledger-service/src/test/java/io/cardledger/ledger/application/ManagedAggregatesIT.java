package io.cardledger.ledger.application;

import io.cardledger.ledger.support.NonConsumingLedgerContext;
import io.cardledger.ledger.wallet.WalletCommands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon must take the map {@link ManagedAggregates#prepare} puts in the unit of work as its own list of
 * loaded aggregates: if a future Axon renamed its resource or stopped reading it, the ledger would
 * silently fall back to the walk this class exists to avoid.
 */
class ManagedAggregatesIT extends NonConsumingLedgerContext {
    @Autowired
    ManagedAggregates managed;
    @Autowired
    LedgerOperations ledger;
    @Autowired
    CommandGateway commands;

    @Test
    void axonKeepsTheUnitOfWorksAggregatesInThePreparedMap() {
        String walletId = "managed-" + UUID.randomUUID();
        ledger.registerWallet(walletId, "user-1", "EUR", 0);
        assertThat(managed.keys()).hasSizeGreaterThanOrEqualTo(3); // cards, wallets, KatFacil cards

        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(GenericMessage.asMessage("probe"));
        try {
            managed.prepare(uow);
            commands.sendAndWait(new WalletCommands.DescribeWallet(walletId));

            long holding = managed.keys().stream()
                    .map(uow::getResource)
                    .filter(resource -> resource instanceof ManagedAggregates.Aggregates<?> map && map.containsKey(WalletCommands.aggregateId(walletId)))
                    .count();
            assertThat(holding).as("the prepared map of the wallets' repository holds the loaded wallet").isEqualTo(1);
            Map<String, ?> wallets = managed.keys().stream().<Map<String, ?>>map(uow::getResource)
                    .filter(map -> map.containsKey(WalletCommands.aggregateId(walletId))).findFirst().orElseThrow();
            assertThat(wallets.containsValue(wallets.get(WalletCommands.aggregateId(walletId)))).isTrue();
        } finally {
            uow.rollback();
        }
    }
}
