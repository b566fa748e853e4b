package io.cardledger.ledger.application;

import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.card.CardCommands;
import io.cardledger.ledger.wallet.WalletCommands;
import io.cardledger.ledger.wallet.WalletRefusedException;
import io.cardledger.ledger.wallet.WalletState;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.common.transaction.TransactionManager;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.WalletMovement;
import io.cardledger.events.wallet.WalletRegistered;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The ledger's use cases. Each runs in one Axon unit of work bound to one database transaction:
 * the commands it sends join it, each aggregate is loaded once per unit of work, and all the
 * events it causes are appended together at commit. A card movement and the wallet movement it
 * causes are therefore stored atomically, and a whole Kafka poll costs one transaction.
 */
@Service
public class LedgerOperations {
    /** Attempts for a unit of work that lost a race for an aggregate to another writer (another thread or instance). */
    private static final int ATTEMPTS = 3;

    private final CommandGateway commands;
    private final TransactionManager transactions;
    private final EventStore eventStore;
    private final Clock clock;
    private final ManagedAggregates managedAggregates;

    public LedgerOperations(CommandGateway commands, TransactionManager transactions, EventStore eventStore, Clock clock,
                            ManagedAggregates managedAggregates) {
        this.commands = commands;
        this.transactions = transactions;
        this.eventStore = eventStore;
        this.clock = clock;
        this.managedAggregates = managedAggregates;
    }

    /** Applies a batch of raw notifications in arrival order, atomically. */
    public int recordNotifications(List<RawNotification> batch) {
        return recordNotifications(batch, null);
    }

    /**
     * As {@link #recordNotifications(List)}, each notification's commands (and so its events) carrying the
     * {@code traceparent} at the same index of {@code traceparents} (null, or a null entry, for none).
     */
    public int recordNotifications(List<RawNotification> batch, List<String> traceparents) {
        return inUnitOfWork("record-notifications", () -> {
            int movements = 0;
            for (int i = 0; i < batch.size(); i++) {
                movements += recordOne(batch.get(i), traceparents == null ? null : traceparents.get(i));
            }
            return movements;
        });
    }

    private int recordOne(RawNotification raw, String traceparent) {
        List<CardNotificationRecorded> recorded = commands.sendAndWait(Traced.command(new CardCommands.RecordNotification(
                raw.notification().cardId(), raw, clock.instant()), traceparent));
        postToWallet(recorded, traceparent);
        return recorded.size();
    }

    /**
     * The wallet's balances read from the event store, not from this instance's aggregate cache:
     * another instance may have moved the wallet since this one last loaded it. Every event from the
     * first (a snapshot, if one exists, would stand in for the events before it).
     */
    public WalletState wallet(String walletId) {
        String aggregateId = WalletCommands.aggregateId(walletId);
        DomainEventStream stream = eventStore.readEvents(aggregateId, 0);
        WalletRegistered registered = null;
        Balance balance = null;
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof WalletRegistered r) {
                registered = r;
                balance = new Balance(0, 0, r.currency());
            } else if (payload instanceof WalletMovement m) {
                balance = m.balanceAfter();
            }
        }
        if (registered == null) {
            throw new AggregateNotFoundException(aggregateId, "Wallet not found");
        }
        return new WalletState(walletId, registered.userId(), registered.currency(), registered.walletType(),
                balance.availableMinor(), balance.withheldMinor());
    }

    public WalletState registerWallet(String walletId, String userId, String currency, int walletType) {
        return inUnitOfWork("register-wallet", () -> commands.sendAndWait(
                new WalletCommands.RegisterWallet(walletId, userId, currency, walletType, clock.instant())));
    }

    /** Registers a card on an existing wallet and applies any notifications that waited for it. */
    public WalletState registerCard(String cardId, String walletId, String userId, String product, boolean physical) {
        return inUnitOfWork("register-card", () -> {
            WalletState wallet = commands.sendAndWait(new WalletCommands.DescribeWallet(walletId));
            List<CardNotificationRecorded> recorded = commands.sendAndWait(new CardCommands.RegisterCard(
                    cardId, walletId, userId, product, physical, clock.instant()));
            return recorded.isEmpty() ? wallet : postToWallet(recorded, null);
        });
    }

    public WalletState payIn(String operationId, String walletId, long amountMinor, String currency, String statement) {
        return inUnitOfWork("pay-in", () -> commands.sendAndWait(
                new WalletCommands.RecordPayIn(walletId, operationId, amountMinor, currency, statement, clock.instant())));
    }

    public WalletState payOut(String operationId, String walletId, long amountMinor, String currency, String statement) {
        return inUnitOfWork("pay-out", () -> commands.sendAndWait(
                new WalletCommands.RecordPayOut(walletId, operationId, amountMinor, currency, statement, clock.instant())));
    }

    /** Both legs in one transaction: the money leaves one wallet only if it arrives in the other. */
    public WalletState transfer(String operationId, String fromWalletId, String toWalletId, long amountMinor,
                                String currency, String statement) {
        if (fromWalletId.equals(toWalletId)) {
            throw new WalletRefusedException(WalletRefusedException.Reason.SAME_WALLET,
                    "A transfer needs two different wallets, got " + fromWalletId + " twice");
        }
        return inUnitOfWork("transfer", () -> {
            WalletState target = commands.sendAndWait(new WalletCommands.DescribeWallet(toWalletId));
            if (!target.currency().equals(currency)) {
                throw new WalletRefusedException(WalletRefusedException.Reason.TARGET_CURRENCY_MISMATCH,
                        "Wallet " + toWalletId + " holds " + target.currency() + ", the transfer is in " + currency);
            }
            WalletState source = commands.sendAndWait(new WalletCommands.SendTransfer(fromWalletId, operationId, toWalletId,
                    amountMinor, currency, statement, clock.instant()));
            commands.sendAndWait(new WalletCommands.ReceiveTransfer(toWalletId, operationId, fromWalletId, amountMinor,
                    currency, statement, clock.instant()));
            return source;
        });
    }

    private WalletState postToWallet(List<CardNotificationRecorded> recorded, String traceparent) {
        if (recorded.isEmpty()) {
            return null;
        }
        String walletId = recorded.get(0).walletId();
        return commands.sendAndWait(Traced.command(new WalletCommands.PostCardMovements(walletId, recorded, clock.instant()),
                traceparent));
    }

    /** Package-visible: KatFacilOperations and {@link CardAndCreditOperations} run their units of work the same way. */
    <T> T inUnitOfWork(String name, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inOneUnitOfWork(name, work);
            } catch (ConcurrencyException | DeadlockException e) {
                // ConcurrencyException: our cached aggregate was stale; the failed unit of work evicted it,
                // so a retry reloads it. DeadlockException: two units of work of this instance (two consumer
                // threads, or a poll and an HTTP request) each held a wallet the other needed; Axon refused
                // the lock to one of them, whose rollback released its locks, so the retry goes through.
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private <T> T inOneUnitOfWork(String name, Supplier<T> work) {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(GenericMessage.asMessage(name));
        managedAggregates.prepare(uow);
        uow.attachTransaction(transactions);
        try {
            T result = work.get();
            uow.commit();
            return result;
        } catch (RuntimeException | Error e) {
            if (uow.isActive()) {
                uow.rollback(e);
            }
            throw e;
        }
    }
}
