package io.cardledger.ledger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cardledger.events.katfacil.AmountReading;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.application.KatFacilOperations;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.card.Card;
import io.cardledger.ledger.card.CardCommands;
import io.cardledger.ledger.katfacil.KatFacilCard;
import io.cardledger.ledger.katfacil.KatFacilCommands;
import io.cardledger.ledger.support.Notifications;
import io.cardledger.ledger.wallet.Wallet;
import io.cardledger.ledger.wallet.WalletCommands;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import io.cardledger.ledger.support.NonConsumingLedgerContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots (every 5 events here) restore exactly the state that replaying every event builds,
 * and the service keeps applying notifications correctly to aggregates loaded from a snapshot.
 */
class AggregateSnapshotIT extends NonConsumingLedgerContext {
    @Autowired
    LedgerOperations ledger;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    @Qualifier("cardCache")
    Cache cardCache;
    @Autowired
    @Qualifier("walletCache")
    Cache walletCache;
    @Autowired
    @Qualifier("katFacilCache")
    Cache katFacilCache;
    @Autowired
    KatFacilOperations katFacil;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String walletId = "w-" + suffix;
    private final String cardId = "c-" + suffix;

    @Test
    void anAggregateLoadedFromItsSnapshotEqualsTheOneReplayedFromAllItsEvents() {
        // given a card with open, settled, reversed, parked and declined authorizations, and its wallet
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        // a notification before the card exists waits on it
        ledger.recordNotifications(List.of(Notifications.of("PeticionAutorizacion", cardId).amount(700).c11("000000100").raw()));
        ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        ledger.payIn("pi-" + suffix, walletId, 1_000_000, "USD", "top-up");
        ledger.recordNotifications(story(0, 12));
        // a reversal whose authorization has not arrived is parked
        ledger.recordNotifications(List.of(Notifications.of("ComunicacionAnulacion", cardId).amount(300).c11("000000900").raw()));

        // then both aggregates were snapshotted past their first events
        assertThat(latestSnapshot(CardCommands.aggregateId(cardId))).isPositive();
        assertThat(latestSnapshot(WalletCommands.aggregateId(walletId))).isPositive();
        assertSnapshotMatchesReplay(Card.class, CardCommands.aggregateId(cardId));
        assertSnapshotMatchesReplay(Wallet.class, WalletCommands.aggregateId(walletId));
        // (the snapshots carry the state, not just an empty shell)
        assertThat(latestSnapshotJson(CardCommands.aggregateId(cardId)))
                .contains("\"seenNotifications\"", "\"lives\"", "\"000000012\"");
        // (under the revision of rulebook 1.1's layout: Axon's snapshot filter ignores other revisions, ADR 0005)
        assertThat(jdbc.queryForObject("SELECT payloadrevision FROM snapshotevententry WHERE aggregateidentifier = ? "
                + "ORDER BY sequencenumber DESC LIMIT 1", String.class, CardCommands.aggregateId(cardId))).isEqualTo("rulebook-1.1+card-state+issuer+seen-in-lives");
        assertThat(latestSnapshotJson(WalletCommands.aggregateId(walletId))).contains("\"pi-" + suffix + "\"");

        // when the service loads both from their snapshots (nothing cached) and carries on
        cardCache.removeAll();
        walletCache.removeAll();
        long before = ledger.wallet(walletId).availableMinor();
        long withheldBefore = ledger.wallet(walletId).withheldMinor();
        ledger.recordNotifications(List.of(
                Notifications.of("PeticionAutorizacion", cardId).amount(300).c11("000000900").raw(),
                Notifications.of("PeticionAutorizacion", cardId).amount(250).c11("000000901").raw(),
                Notifications.of("TransaccionConfirmada", cardId).amount(250).c11("000000901").raw()));

        // then the parked reversal was remembered across the snapshot: the late authorization and it cancel out
        assertThat(ledger.wallet(walletId).availableMinor()).isEqualTo(before - 250);
        assertThat(ledger.wallet(walletId).withheldMinor()).isEqualTo(withheldBefore);
        assertSnapshotMatchesReplay(Card.class, CardCommands.aggregateId(cardId));
        assertSnapshotMatchesReplay(Wallet.class, WalletCommands.aggregateId(walletId));

        // and a redelivered notification still changes nothing
        long available = ledger.wallet(walletId).availableMinor();
        cardCache.removeAll();
        ledger.recordNotifications(story(0, 12));
        assertThat(ledger.wallet(walletId).availableMinor()).isEqualTo(available);
    }

    @Test
    void aSnapshotThatCannotBeStoredDoesNotFailTheBatchThatMadeItDue() {
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
        ledger.payIn("pi-" + suffix, walletId, 1_000_000, "USD", "top-up");
        // given the card's snapshot table already holds a row at every sequence the batch will reach, so
        // each snapshot insert is refused (in PostgreSQL that aborts the transaction unless rolled back)
        String card = CardCommands.aggregateId(cardId);
        for (int sequence = 0; sequence < 40; sequence++) {
            jdbc.update("INSERT INTO snapshotevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                    + "payload, payloadtype, timestamp) VALUES (?, ?, 'Card', ?, ?, 'x', '2026-01-01T00:00:00Z')",
                    card, sequence, UUID.randomUUID().toString(), new byte[]{'{', '}'});
        }
        long available = ledger.wallet(walletId).availableMinor();
        long cardEvents = cardEvents(card);

        // when a batch makes the card due for snapshots
        List<RawNotification> batch = story(0, 6);
        ledger.recordNotifications(batch);

        // then the batch was applied in full, and only the placeholders are in the snapshot table
        assertThat(cardEvents(card)).isEqualTo(cardEvents + batch.size());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype = 'x'", Long.class, card)).isEqualTo(40L);
        assertThat(ledger.wallet(walletId).availableMinor()).isLessThan(available);
        // and the wallet, in the same transaction, was still snapshotted
        assertThat(latestSnapshot(WalletCommands.aggregateId(walletId))).isPositive();
        assertSnapshotMatchesReplay(Wallet.class, WalletCommands.aggregateId(walletId));
        jdbc.update("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?", card);
    }

    @Test
    void aKatFacilCardIsCachedAndSnapshottedAndItsSnapshotEqualsItsReplay() {
        // given a KatFacil card past its snapshot threshold: a funding pending then credited, debits, a decline,
        // a freeze (so money is flagged), and an event of another card's newcard still waiting on this one
        String card = "kf-" + suffix;
        String aggregate = KatFacilCommands.aggregateId(card);
        List<RawKatFacilEvent> events = new ArrayList<>();
        events.add(katFacilEvent(card, KatFacilEventKind.NEW_CARD, "digitalcard.newcard", "n", null, 0, null, null));
        events.add(katFacilEvent(card, KatFacilEventKind.FUND_REQUEST, "digitalcard.fundrequest", "fr", "pending", 50_000, null, "fund-1"));
        events.add(katFacilEvent(card, KatFacilEventKind.FUNDED, "digitalcard.funded", "fd", "approved", 50_000, null, "fund-1"));
        for (int i = 0; i < 6; i++) {
            events.add(katFacilEvent(card, KatFacilEventKind.TRANSACTION, "digitalcard.transaction", "t" + i,
                    i == 3 ? "declined" : "completed", 1_000 + i, "tx-" + i, null));
        }
        events.add(katFacilEvent(card, KatFacilEventKind.FREEZE, "digitalcard.freeze", "z", null, 0, null, null));
        katFacil.record(events);
        assertThat(latestSnapshot(aggregate)).isPositive();
        assertThat(katFacilCache.containsKey(aggregate)).isTrue();
        assertSnapshotMatchesReplay(KatFacilCard.class, aggregate);
        assertThat(latestSnapshotJson(aggregate)).contains("\"seen\"", "\"moneyIds\"", "\"funding:fund-1\"", "\"frozen\":true");

        // when the service loads it from its snapshot (nothing cached) and carries on
        katFacilCache.removeAll();
        long available = ledger.wallet(card).availableMinor();
        katFacil.record(List.of(
                katFacilEvent(card, KatFacilEventKind.TRANSACTION, "digitalcard.transaction", "t9", "completed", 700, "tx-9", null),
                katFacilEvent(card, KatFacilEventKind.FUNDED, "digitalcard.funded", "fd-again", "approved", 50_000, null, "fund-1")));

        // then what the snapshot remembered still holds: the debit applied, the funding id's money moved only once
        assertThat(ledger.wallet(card).availableMinor()).isEqualTo(available - 700);
        assertSnapshotMatchesReplay(KatFacilCard.class, aggregate);
        // and a redelivery loaded from the snapshot changes nothing
        katFacilCache.removeAll();
        katFacil.record(events);
        assertThat(ledger.wallet(card).availableMinor()).isEqualTo(available - 700);
    }

    private static RawKatFacilEvent katFacilEvent(String card, KatFacilEventKind kind, String name, String eventId, String status,
                                                  long minor, String transactionId, String fundingId) {
        KatFacilEvent e = new KatFacilEvent(name, kind, card + "-" + eventId, card, "u-1", null, minor == 0 ? null : "x", minor,
                minor == 0 ? AmountReading.ABSENT : AmountReading.EXACT, "USD", status, transactionId, fundingId, null, null);
        return new RawKatFacilEvent(RawKatFacilEvent.SCHEMA_VERSION, RawKatFacilEvent.keyOf(card + "-" + eventId, null),
                java.time.Instant.parse("2026-05-01T06:00:00Z"), e, JsonNodeFactory.instance.objectNode().put("event", name));
    }

    private List<RawNotification> story(int from, int to) {
        List<RawNotification> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String c11 = String.format("%09d", i + 1);
            long amount = 1000 + i;
            batch.add(Notifications.of("PeticionAutorizacion", cardId).amount(amount).c11(c11).raw());
            switch (i % 4) {
                case 0 -> batch.add(Notifications.of("TransaccionConfirmada", cardId).amount(amount).c11(c11).raw());
                case 1 -> batch.add(Notifications.of("ComunicacionAnulacion", cardId).amount(amount).c11(c11).raw());
                case 2 -> batch.add(Notifications.of("TransaccionCorregidaNegativa", cardId).amount(amount / 10).c11(c11).raw());
                default -> batch.add(Notifications.of("NO HAY FONDOS", cardId).amount(amount).c11("").with("c41TerminalId", c11).raw());
            }
        }
        return batch;
    }

    private long cardEvents(String aggregateId) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class, aggregateId);
    }

    private long latestSnapshot(String aggregateId) {
        Long seq = jdbc.queryForObject("SELECT max(sequencenumber) FROM snapshotevententry WHERE aggregateidentifier = ?",
                Long.class, aggregateId);
        return seq == null ? -1 : seq;
    }

    private String latestSnapshotJson(String aggregateId) {
        return new String(jdbc.queryForObject("SELECT payload FROM snapshotevententry WHERE aggregateidentifier = ? "
                + "ORDER BY sequencenumber DESC LIMIT 1", byte[].class, aggregateId), java.nio.charset.StandardCharsets.UTF_8);
    }

    private <T> void assertSnapshotMatchesReplay(Class<T> type, String aggregateId) {
        T fromSnapshot = load(EventSourcingRepository.builder(type).eventStore(eventStore).build(), aggregateId);
        T fromEvents = load(new FullReplayRepository<>(type, eventStore), aggregateId);
        assertThat(fromSnapshot).usingRecursiveComparison().isEqualTo(fromEvents);
    }

    private static <T> T load(EventSourcingRepository<T> repository, String aggregateId) {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        try {
            return repository.load(aggregateId).invoke(root -> root);
        } finally {
            uow.rollback();
        }
    }

    /** Ignores snapshots: the aggregate is rebuilt from its first event. */
    private static final class FullReplayRepository<T> extends EventSourcingRepository<T> {
        private final EventStore store;

        FullReplayRepository(Class<T> type, EventStore store) {
            super(EventSourcingRepository.builder(type).eventStore(store));
            this.store = store;
        }

        @Override
        protected DomainEventStream readEvents(String aggregateIdentifier) {
            return store.readEvents(aggregateIdentifier, 0);
        }
    }
}
