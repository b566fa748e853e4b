package io.cardledger.ledger.application;

import io.cardledger.events.card.Issuers;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.katfacil.KatFacilEffect;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.KatFacilEventRecorded;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.ledger.card.CardCommands;
import io.cardledger.ledger.card.CardRefusedException;
import io.cardledger.ledger.card.CardState;
import io.cardledger.ledger.card.CardStatus;
import io.cardledger.ledger.katfacil.KatFacilCommands;
import io.cardledger.ledger.katfacil.KatFacilRules;
import io.cardledger.ledger.wallet.PostIssuerMovement;
import io.cardledger.ledger.wallet.WalletCommands;
import io.cardledger.ledger.wallet.WalletState;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Applies KatFacil events (docs/rulebook.md, "KatFacil"), a poll in one unit of work and one
 * transaction as for PayCaddy's notifications. A {@code newcard} registers the card through the
 * ledger's own commands (and a wallet for it when none is named or the named one does not exist:
 * wallet id = the card id); then the card's KatFacil book decides, and what it recorded is posted to
 * the card's wallet in the same transaction.
 */
@Service
public class KatFacilOperations {
    private static final Logger log = LoggerFactory.getLogger(KatFacilOperations.class);

    /** Product of a KatFacil card: Digital MasterCards are funded before they are spent. */
    static final String PRODUCT = "prepaid";
    /** The currency of a wallet created for a newcard that names none (ingest fills its configured default first). */
    static final String FALLBACK_CURRENCY = "USD";
    /** The user of a wallet and card created for a newcard that names none. */
    static final String UNKNOWN_USER = "unknown";
    /** Events that belong on the wallet's transaction list (money, or money that could not move). */
    private static final Set<KatFacilEventKind> POSTED = EnumSet.of(KatFacilEventKind.FUND_REQUEST, KatFacilEventKind.FUNDED,
            KatFacilEventKind.TRANSACTION, KatFacilEventKind.BLOCKCHAIN);
    /** Events whose rules can move money (a credit or a debit): those are checked against the card's controls. */
    private static final Set<KatFacilEventKind> MONEY = EnumSet.of(KatFacilEventKind.FUNDED, KatFacilEventKind.TRANSACTION,
            KatFacilEventKind.BLOCKCHAIN);

    private final LedgerOperations ledger;
    private final CommandGateway commands;
    private final EventStore eventStore;
    private final Clock clock;

    public KatFacilOperations(LedgerOperations ledger, CommandGateway commands, EventStore eventStore, Clock clock) {
        this.ledger = ledger;
        this.commands = commands;
        this.eventStore = eventStore;
        this.clock = clock;
    }

    /** Applies a batch in arrival order, atomically; events that name no card are left out (the caller counts them). */
    public int record(List<RawKatFacilEvent> batch) {
        return record(batch, null);
    }

    /** As {@link #record(List)}, each event's commands carrying the {@code traceparent} at its index (null for none). */
    public int record(List<RawKatFacilEvent> batch, List<String> traceparents) {
        return ledger.inUnitOfWork("record-katfacil-events", () -> {
            int recorded = 0;
            for (int i = 0; i < batch.size(); i++) {
                RawKatFacilEvent raw = batch.get(i);
                if (raw.event().cardId() != null) {
                    recorded += recordOne(raw, traceparents == null ? null : traceparents.get(i));
                }
            }
            return recorded;
        });
    }

    private int recordOne(RawKatFacilEvent raw, String traceparent) {
        KatFacilEvent e = raw.event();
        Instant now = clock.instant();
        String walletId = null;
        String currency = null;
        if (e.kind() == KatFacilEventKind.NEW_CARD) {
            WalletState wallet = registerCard(e, now, traceparent);
            walletId = wallet.walletId();
            currency = wallet.currency();
        }
        CardStatus controls = MONEY.contains(e.kind()) ? controls(e.cardId(), now) : null;
        List<KatFacilEventRecorded> recorded = commands.sendAndWait(Traced.command(
                new KatFacilCommands.RecordEvent(e.cardId(), raw, walletId, currency, now, controls), traceparent));
        for (KatFacilEventRecorded r : recorded) {
            KatFacilEvent re = r.event().event();
            if (r.walletId() != null && POSTED.contains(re.kind())) {
                boolean funding = re.kind() == KatFacilEventKind.FUND_REQUEST || re.kind() == KatFacilEventKind.FUNDED;
                LocalDateTime at = re.occurredAt() == null ? null : LocalDateTime.ofInstant(re.occurredAt(), ZoneOffset.UTC);
                commands.sendAndWait(Traced.command(new PostIssuerMovement(r.walletId(), Issuers.KATFACIL, r.movementId(), r.cardId(),
                        r.event().eventKey(), re.eventName(), funding ? re.fundingId() : re.transactionId(), re.merchant(),
                        re.amountMinor(), r.availableDeltaMinor(), r.flags(), KatFacilRules.VERSION, at, now), traceparent));
            }
            if (r.effect() == KatFacilEffect.FROZEN || r.effect() == KatFacilEffect.UNFROZEN) {
                cardState(r, now, traceparent);
            }
        }
        return recorded.size();
    }

    /**
     * The card's state as its controls keep it (a block or cancel through {@code /api/v1/cards/{id}}, or KatFacil's
     * freeze), so that money moving on a card blocked or cancelled there is flagged as a PayCaddy notification's
     * is; null while no card is registered (the event waits for its newcard).
     */
    private CardStatus controls(String cardId, Instant now) {
        try {
            CardState card = commands.sendAndWait(new CardCommands.DescribeCard(cardId, now));
            return card == null ? null : card.status();
        } catch (AggregateNotFoundException | CardRefusedException notRegistered) {
            return null;
        }
    }

    /**
     * KatFacil's freeze and unfreeze are the card's block and unblock (the state PayCaddy's controls keep), so
     * that {@code GET /api/v1/cards/{id}} and the anomalies show a frozen KatFacil card as blocked. Both are
     * idempotent on the card. A cancelled card stays cancelled: the freeze is recorded on the KatFacil stream
     * and not applied to the card's state (the refusal is logged, never retried).
     */
    private void cardState(KatFacilEventRecorded r, Instant now, String traceparent) {
        try {
            commands.sendAndWait(Traced.command(r.effect() == KatFacilEffect.FROZEN
                    ? new CardCommands.BlockCard(r.cardId(), now)
                    : new CardCommands.UnblockCard(r.cardId(), now), traceparent));
        } catch (CardRefusedException refused) {
            log.info("KatFacil {} of card {} not applied to its state: {}", r.effect(), r.cardId(), refused.getMessage());
        }
    }

    /**
     * The card's wallet, registering what is missing: a card already registered keeps its wallet; else
     * the named wallet, or one with the card's id, is registered unless it exists; then the card.
     */
    private WalletState registerCard(KatFacilEvent e, Instant now, String traceparent) {
        String userId = e.userId() != null ? e.userId() : UNKNOWN_USER;
        String walletId = registeredWallet(e.cardId());
        if (walletId == null) {
            walletId = e.walletId() != null ? e.walletId() : e.cardId();
        }
        WalletState wallet;
        try {
            wallet = ledger.wallet(walletId);
        } catch (AggregateNotFoundException notYet) {
            String currency = e.currency() != null ? e.currency() : FALLBACK_CURRENCY;
            wallet = commands.sendAndWait(Traced.command(new WalletCommands.RegisterWallet(walletId, userId, currency, 0, now),
                    traceparent));
        }
        commands.sendAndWait(Traced.command(new CardCommands.RegisterCard(e.cardId(), walletId, userId, PRODUCT, false, now,
                Issuers.KATFACIL), traceparent));
        return wallet;
    }

    /** The wallet a card is registered on, from its stream; null when it is not registered. */
    private String registeredWallet(String cardId) {
        DomainEventStream stream = eventStore.readEvents(CardCommands.aggregateId(cardId), 0);
        while (stream.hasNext()) {
            if (stream.next().getPayload() instanceof CardRegistered r) {
                return r.walletId();
            }
        }
        return null;
    }
}
