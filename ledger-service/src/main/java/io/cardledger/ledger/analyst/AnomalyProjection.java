package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.katfacil.KatFacilEventAwaitingCard;
import io.cardledger.events.katfacil.KatFacilEventRecorded;
import io.cardledger.events.wallet.CardMovementPosted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;
import jakarta.annotation.PreDestroy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps table {@code analyst_anomaly} as a projection of the event stream. It has no tracking processor
 * of its own: its processing group is handled by the outbox's ("ledger-publisher", see
 * {@link AnalystConfig}), which reads each stored event once for both. The processor's thread only hands
 * the four event types it reads to the projection's own thread ({@link AnomalyDecider}), which reads their
 * fields and decides the batch's changes while the processor publishes. Each batch's net changes are
 * written with JDBC batches at prepare-commit, in the transaction that stores the processor's token,
 * under a savepoint: a change that cannot be written is logged and left out, so the anomalies can never
 * hold up publishing. See ADR 0006.
 *
 * <p>It reads the stored JSON of only four event types, and of those only the fields it needs
 * (the issuer's verbatim body is skipped, not parsed); wallet movements are parsed only when their
 * JSON mentions {@code NEGATIVE_AVAILABLE}. Flags are read as names, so a flag this build does not
 * know ({@code UNREADABLE_AMOUNT} from a newer rulebook) is still seen.
 *
 * <p>It also keeps {@code notification_index} (notification id → card, c11) for the look-ups by notification id
 * or c11 alone ({@code NotificationLookup}): the ids it reads from each {@code CardNotificationRecorded} and
 * {@code NotificationAwaitingCard} anyway, inserted with the batch's changes in one statement.
 *
 * <p>Rebuilding or catching up is a replay of the shared processor ({@link AnomalyReplay}): the outbox
 * ignores replayed events, this handler applies them.
 */
@Component
@ProcessingGroup(AnomalyProjection.PROCESSING_GROUP)
public class AnomalyProjection {
    public static final String PROCESSING_GROUP = "analyst-anomalies";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnomalyProjection.class);
    private static final String PENDING = AnomalyProjection.class.getName() + ".pending";
    private static final String NEGATIVE_AVAILABLE = AnomalyKind.NEGATIVE_AVAILABLE.name();
    private static final Set<String> OPEN_HOLD_STATUSES = Set.of("PENDING", "PARTLY_SETTLED");
    private static final List<String> FLAG_KINDS = List.of(
            AnomalyKind.SETTLED_AMOUNT_DIFFERS.name(), AnomalyKind.MODIFIED_TWICE.name(),
            AnomalyKind.UNRECOGNISED_TYPE.name(), AnomalyKind.UNREADABLE_AMOUNT.name(),
            // issue 21: the card's controls
            AnomalyKind.CARD_BLOCKED.name(), AnomalyKind.CARD_CANCELLED.name(), AnomalyKind.OVER_CARD_LIMIT.name());
    /** Issue 21: every credit-line flag of a wallet movement has this in its name. */
    private static final String CREDIT = "CREDIT";
    private static final List<AnomalyKind> CREDIT_KINDS = List.of(
            AnomalyKind.OVER_CREDIT_LIMIT, AnomalyKind.CREDIT_PAST_TERM, AnomalyKind.CREDIT_LINE_BLOCKED);

    /**
     * The flags of a KatFacil event that make it an anomaly (docs/katfacil.md): money the ledger could not move,
     * or moved on a frozen card. {@code DECLINED} is not one: a decline moves nothing by design.
     */
    private static final List<AnomalyKind> KATFACIL_KINDS = List.of(
            AnomalyKind.UNRECOGNISED_TYPE, AnomalyKind.UNREADABLE_AMOUNT, AnomalyKind.INEXACT_AMOUNT,
            AnomalyKind.CURRENCY_MISMATCH, AnomalyKind.DUPLICATE_MONEY_ID, AnomalyKind.UNRECOGNISED_STATUS,
            AnomalyKind.CARD_BLOCKED, AnomalyKind.CARD_CANCELLED);

    private static final ObjectMapper VIEWS = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final JdbcTemplate jdbc;
    private final Serializer eventSerializer;
    /** Runs its callback in a nested transaction (a savepoint) of the batch's. */
    private final TransactionOperations savepoint;
    /** Reads and decides on its own thread while the processor's thread publishes. */
    private final AnomalyDecider decider;

    public AnomalyProjection(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer eventSerializer,
                             PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        TransactionTemplate nested = new TransactionTemplate(transactions);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.savepoint = nested;
        this.decider = new AnomalyDecider(AnomalyProjection::decide, Duration.ofSeconds(30));
    }

    /** What a replay of the processor does to this projection (the reset context, see {@link AnomalyReplay}). */
    public enum Replay {
        /** Empty the table, then apply the whole stream. */
        REBUILD,
        /** Keep the table (it reflects the stream up to where the replay starts) and apply the events after that. */
        CATCH_UP
    }

    // ---------------------------------------------------------------- the fields read

    @JsonIgnoreProperties(ignoreUnknown = true)
    record NotificationView(String type, long amountMinor, String transactionId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RawView(String notificationId, NotificationView notification) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AuthorizationView(String transactionId, String status, long heldMinor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecordedView(String cardId, String walletId, String movementId, RawView notification, long availableDeltaMinor,
                        long withheldDeltaMinor, AuthorizationView authorization, Set<String> flags) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AwaitingView(String cardId, RawView notification) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RegisteredView(String cardId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BalanceView(long availableMinor) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PostedView(String walletId, String movementId, String cardId, String notificationId, String notificationType,
                      String transactionId, long amountMinor, long availableDeltaMinor, long withheldDeltaMinor,
                      BalanceView balanceAfter, String authorizationStatus, Set<String> flags) {
    }

    /** A KatFacil event's typed view ({@code KatFacilEvent}): the fields the anomalies show. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KatFacilView(String eventName, String kind, String amount, long amountMinor, String currency, String status,
                        String transactionId, String fundingId) {
        /** The id its money moves under, as on the wallet's movement: the funding's for fundings, else the transaction's. */
        String c11() {
            return "FUND_REQUEST".equals(kind) || "FUNDED".equals(kind) ? fundingId : transactionId;
        }
    }

    /** {@code RawKatFacilEvent} without the body (skipped, not built). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RawKatFacilView(String eventKey, KatFacilView event) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record KatFacilRecordedView(String cardId, String walletId, String movementId, RawKatFacilView event, String effect,
                                long availableDeltaMinor, Set<String> flags) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record KatFacilAwaitingView(String cardId, RawKatFacilView event) {
    }

    // ---------------------------------------------------------------- what a batch changes

    /** One anomaly row. */
    record Row(AnomalyKind kind, String key, String cardId, String walletId, String c11, String notificationId,
               String movementId, String c1Tipo, Long c4, Long availableDelta, Long withheldDelta, Long heldMinor,
               String authorizationStatus, Instant occurredAt, long globalIndex, String detail) {
    }

    /**
     * The net changes of one batch: the last change per key wins; card registrations clear what waited. Also
     * the batch's notifications for {@code notification_index} (id, card, c11; repeats are left to the insert).
     */
    static final class Changes {
        final Map<String, Row> upserts = new LinkedHashMap<>();
        final Set<String> deletes = new LinkedHashSet<>();
        final Set<String> registeredCards = new LinkedHashSet<>();
        final List<String> indexedIds = new ArrayList<>();
        final List<String> indexedCards = new ArrayList<>();
        final List<String> indexedC11s = new ArrayList<>();

        void indexed(String notificationId, String cardId, String c11) {
            if (notificationId == null || cardId == null) {
                return;
            }
            indexedIds.add(notificationId);
            indexedCards.add(cardId);
            indexedC11s.add(c11 == null || c11.isBlank() ? null : c11.trim());
        }

        private static String id(AnomalyKind kind, String key) {
            return kind.name() + "\u0000" + key;
        }

        void upsert(Row row) {
            String id = id(row.kind(), row.key());
            deletes.remove(id);
            Row before = upserts.get(id);
            if (before != null && row.kind() == AnomalyKind.OPEN_HOLD) {
                // The hold opened when it was first seen open.
                row = new Row(row.kind(), row.key(), row.cardId(), row.walletId(), row.c11(), row.notificationId(),
                        row.movementId(), row.c1Tipo(), row.c4(), row.availableDelta(), row.withheldDelta(), row.heldMinor(),
                        row.authorizationStatus(), before.occurredAt(), row.globalIndex(), row.detail());
            }
            upserts.put(id, row);
        }

        void delete(AnomalyKind kind, String key) {
            String id = id(kind, key);
            upserts.remove(id);
            deletes.add(id);
        }

        void cardRegistered(String cardId) {
            upserts.values().removeIf(r -> r.kind() == AnomalyKind.AWAITING_CARD && cardId.equals(r.cardId()));
            registeredCards.add(cardId);
        }
    }

    // ---------------------------------------------------------------- handling

    /**
     * On the processor's thread only what is cheap: pick the four event types it reads and take their stored
     * JSON (the bytes read from the store, not a copy). Reading the fields and deciding happen on the
     * projection's own thread ({@link AnomalyDecider}), in order, while this thread carries on publishing.
     */
    @EventHandler
    public void on(EventMessage<?> message, TrackingToken token) {
        if (!(message instanceof DomainEventMessage<?> domain)) {
            return;
        }
        Class<?> type = domain.getPayloadType();
        if (type != CardNotificationRecorded.class && type != NotificationAwaitingCard.class
                && type != CardRegistered.class && type != CardMovementPosted.class
                && type != KatFacilEventRecorded.class && type != KatFacilEventAwaitingCard.class) {
            return;
        }
        Stored event;
        try {
            event = new Stored(type, stored(domain), domain.getTimestamp(), token == null ? -1 : token.position().orElse(-1),
                    domain.getIdentifier(), domain.getAggregateIdentifier(), domain.getSequenceNumber());
        } catch (RuntimeException e) {
            skipped(domain.getIdentifier(), domain.getAggregateIdentifier(), domain.getSequenceNumber(), e);
            return;
        }
        batch().add(event);
    }

    /** What the decider needs of one stored event. */
    record Stored(Class<?> type, byte[] json, Instant at, long globalIndex, String eventId, String aggregateId, long sequence) {
    }

    /** Reads one stored event's fields and records its changes; an event it cannot read is logged and left out. */
    static void decide(Stored event, Changes changes) {
        try {
            apply(event, changes);
        } catch (RuntimeException e) {
            // Only reading and deciding happen here (writes come at commit), so nothing is half done:
            // an event this view cannot read is logged and left out rather than stopping the projection.
            skipped(event.eventId(), event.aggregateId(), event.sequence(), e);
        }
    }

    private static void skipped(String eventId, String aggregateId, long sequence, RuntimeException e) {
        LOG.warn("Anomalies projection skipped event {} of {} (sequence {}): {}", eventId, aggregateId, sequence, e.toString());
    }

    private static void apply(Stored event, Changes changes) {
        Class<?> type = event.type();
        if (type == CardNotificationRecorded.class) {
            recorded(read(event.json(), RecordedView.class), event.at(), event.globalIndex(), changes);
        } else if (type == NotificationAwaitingCard.class) {
            awaiting(read(event.json(), AwaitingView.class), event.at(), event.globalIndex(), changes);
        } else if (type == CardRegistered.class) {
            changes.cardRegistered(read(event.json(), RegisteredView.class).cardId());
        } else if (type == CardMovementPosted.class) {
            byte[] json = event.json();
            // Most movements carry neither flag: a look at the bytes before any parsing. As a Latin-1
            // string (one array copy) the search is String.indexOf's vectorised intrinsic; a plain byte
            // loop over every movement cost ~8 % of the ledger's CPU (JFR, 2026-12-06).
            String text = new String(json, StandardCharsets.ISO_8859_1);
            if (text.contains(NEGATIVE_AVAILABLE)) {
                posted(read(json, PostedView.class), event.at(), event.globalIndex(), changes);
            }
            if (text.contains(CREDIT)) {
                creditFlags(read(json, PostedView.class), event.at(), event.globalIndex(), changes);
            }
        } else if (type == KatFacilEventRecorded.class) {
            katFacilRecorded(read(event.json(), KatFacilRecordedView.class), event.at(), event.globalIndex(), changes);
        } else if (type == KatFacilEventAwaitingCard.class) {
            katFacilAwaiting(read(event.json(), KatFacilAwaitingView.class), event.at(), event.globalIndex(), changes);
        }
    }

    /**
     * A KatFacil event the ledger did not recognise, or flagged: one row per flag that makes it an anomaly,
     * keyed by its movement id (the event key). The event's name is the row's {@code c1Tipo}, its amount in
     * minor units {@code c4}, its transaction or funding id {@code c11}.
     */
    static void katFacilRecorded(KatFacilRecordedView r, Instant at, long globalIndex, Changes changes) {
        KatFacilView e = r.event().event();
        changes.indexed(r.event().eventKey(), r.cardId(), e.c11());
        if (r.flags() == null || r.flags().isEmpty()) {
            return;
        }
        for (AnomalyKind kind : KATFACIL_KINDS) {
            if (r.flags().contains(kind.name())) {
                changes.upsert(new Row(kind, r.movementId(), r.cardId(), r.walletId(), e.c11(), r.event().eventKey(),
                        r.movementId(), e.eventName(), e.amountMinor(), r.availableDeltaMinor(), 0L, null, null, at, globalIndex,
                        katFacilDetail(kind, r.effect(), e)));
            }
        }
    }

    private static String katFacilDetail(AnomalyKind kind, String effect, KatFacilView e) {
        String amount = e.amount() == null ? "no amount" : "amount \"" + e.amount() + "\" " + (e.currency() == null ? "" : e.currency());
        return "KatFacil " + e.eventName() + " (" + amount.strip() + (e.status() == null ? "" : ", status " + e.status()) + "): "
                + switch (kind) {
                    case UNRECOGNISED_TYPE -> "an event name no kind answers to: recorded, no money moved";
                    case UNRECOGNISED_STATUS -> "a status the rules do not know: recorded, no money moved";
                    case UNREADABLE_AMOUNT -> "the amount could not be read: recorded, no money moved";
                    case INEXACT_AMOUNT -> "more decimals than the currency has: recorded, no money moved";
                    case CURRENCY_MISMATCH -> "not the wallet's currency: recorded, no money moved";
                    case DUPLICATE_MONEY_ID -> "its id already moved money under another event: no money moved";
                    case CARD_BLOCKED -> "applied (" + effect + ") while the card was blocked (KatFacil's freeze or the card controls)";
                    case CARD_CANCELLED -> "applied (" + effect + ") while the card was cancelled (card controls)";
                    default -> "applied (" + effect + ") with flag " + kind;
                };
    }

    /** A KatFacil event waiting for its card's newcard; the card's registration removes it, as PayCaddy's. */
    static void katFacilAwaiting(KatFacilAwaitingView a, Instant at, long globalIndex, Changes changes) {
        KatFacilView e = a.event().event();
        changes.indexed(a.event().eventKey(), a.cardId(), e.c11());
        changes.upsert(new Row(AnomalyKind.AWAITING_CARD, a.event().eventKey(), a.cardId(), null, e.c11(), a.event().eventKey(),
                null, e.eventName(), e.amountMinor(), null, null, null, null, at, globalIndex,
                "KatFacil event waiting for card " + a.cardId() + ", whose digitalcard.newcard has not arrived"));
    }

    static void recorded(RecordedView r, Instant at, long globalIndex, Changes changes) {
        NotificationView n = r.notification().notification();
        String notificationId = r.notification().notificationId();
        Set<String> flags = r.flags() == null ? Set.of() : r.flags();
        String status = r.authorization() == null ? "NONE" : r.authorization().status();
        String c11 = n.transactionId() == null ? "" : n.transactionId();
        Long held = r.authorization() == null ? null : r.authorization().heldMinor();
        changes.indexed(notificationId, r.cardId(), n.transactionId());
        if (flags.contains("PARKED_REVERSAL_APPLIED")) {
            changes.delete(AnomalyKind.REVERSAL_PARKED, notificationId);
        }
        if ("REVERSAL_PARKED".equals(status)) {
            changes.upsert(row(AnomalyKind.REVERSAL_PARKED, notificationId, r, n, c11, held, status, at, globalIndex,
                    "A reversal whose authorization has not arrived: no money moved for it yet"));
        } else if (!c11.isBlank() && !"NONE".equals(status)) {
            String key = r.cardId() + "\u001F" + c11;
            if (OPEN_HOLD_STATUSES.contains(status) && held != null && held > 0) {
                changes.upsert(row(AnomalyKind.OPEN_HOLD, key, r, n, c11, held, status, at, globalIndex,
                        "Still " + status + ", withholding " + held));
            } else {
                changes.delete(AnomalyKind.OPEN_HOLD, key);
            }
        }
        if (c11.isBlank() && r.withheldDeltaMinor() > 0) {
            changes.upsert(row(AnomalyKind.UNMATCHABLE_HOLD, r.movementId(), r, n, c11, r.withheldDeltaMinor(), status, at,
                    globalIndex, "An authorization with an empty c11 withholds " + r.withheldDeltaMinor()
                            + ": no settlement or reversal can ever match it"));
        }
        for (String flag : FLAG_KINDS) {
            if (flags.contains(flag)) {
                changes.upsert(row(AnomalyKind.valueOf(flag), r.movementId(), r, n, c11, held, status, at, globalIndex, null));
            }
        }
    }

    private static Row row(AnomalyKind kind, String key, RecordedView r, NotificationView n, String c11, Long held,
                           String status, Instant at, long globalIndex, String detail) {
        return new Row(kind, key, r.cardId(), r.walletId(), c11, r.notification().notificationId(), r.movementId(), n.type(),
                n.amountMinor(), r.availableDeltaMinor(), r.withheldDeltaMinor(), held, status, at, globalIndex, detail);
    }

    static void awaiting(AwaitingView a, Instant at, long globalIndex, Changes changes) {
        NotificationView n = a.notification().notification();
        changes.indexed(a.notification().notificationId(), a.cardId(), n.transactionId());
        changes.upsert(new Row(AnomalyKind.AWAITING_CARD, a.notification().notificationId(), a.cardId(), null,
                n.transactionId(), a.notification().notificationId(), null, n.type(), n.amountMinor(), null, null, null, null,
                at, globalIndex, "Waiting for card " + a.cardId() + ", which is not registered"));
    }

    static void posted(PostedView m, Instant at, long globalIndex, Changes changes) {
        if (m.flags() == null || !m.flags().contains(AnomalyKind.NEGATIVE_AVAILABLE.name())) {
            return;
        }
        changes.upsert(new Row(AnomalyKind.NEGATIVE_AVAILABLE, m.movementId(), m.cardId(), m.walletId(), m.transactionId(),
                m.notificationId(), m.movementId(), m.notificationType(), m.amountMinor(), m.availableDeltaMinor(),
                m.withheldDeltaMinor(), null, m.authorizationStatus(), at, globalIndex,
                "Available after this movement: " + (m.balanceAfter() == null ? "?" : m.balanceAfter().availableMinor())));
    }

    /** Issue 21: a credit wallet's card movement over its limit, past its term or on a blocked line. */
    static void creditFlags(PostedView m, Instant at, long globalIndex, Changes changes) {
        if (m.flags() == null) {
            return;
        }
        for (AnomalyKind kind : CREDIT_KINDS) {
            if (m.flags().contains(kind.name())) {
                changes.upsert(new Row(kind, m.movementId(), m.cardId(), m.walletId(), m.transactionId(), m.notificationId(),
                        m.movementId(), m.notificationType(), m.amountMinor(), m.availableDeltaMinor(), m.withheldDeltaMinor(),
                        null, m.authorizationStatus(), at, globalIndex,
                        "Credit line available after this movement: "
                                + (m.balanceAfter() == null ? "?" : m.balanceAfter().availableMinor())));
            }
        }
    }

    @ResetHandler
    public void reset(Replay replay) {
        if (replay != Replay.CATCH_UP) {
            jdbc.update("DELETE FROM analyst_anomaly");
            // the replay inserts every notification again: without this, each would be there twice
            jdbc.update("DELETE FROM notification_index");
        }
    }

    /** A reset of the processor without a context (Axon's {@code resetTokens()}) rebuilds from the start. */
    @ResetHandler
    public void reset() {
        reset(Replay.REBUILD);
    }

    // ---------------------------------------------------------------- writing a batch

    /**
     * This batch's events on their way to the decider; when the unit of work prepares to commit, the processor
     * waits for the batch's changes and writes them, once, in the batch's transaction.
     */
    private AnomalyDecider.Batch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(PENDING, k -> {
            AnomalyDecider.Batch batch = decider.batch();
            root.onPrepareCommit(u -> write(batch.decided()));
            return batch;
        });
    }

    @PreDestroy
    void stop() {
        decider.close();
    }

    void write(Changes changes) {
        try {
            savepoint.executeWithoutResult(status -> writeBatched(changes));
        } catch (DataAccessException e) {
            // The database answered (the savepoint is rolled back): something in this batch cannot be written.
            // Write the changes one by one instead, leaving out (and logging) only the ones that fail.
            LOG.warn("Anomalies projection: a batch of {} changes could not be written ({}); writing them one by one",
                    changes.registeredCards.size() + changes.deletes.size() + changes.upserts.size(), e.toString());
            writeOneByOne(changes);
        }
    }

    private void writeBatched(Changes changes) {
        // One statement per kind with the keys as an array: a batch's deletes are mostly of rows that never
        // reached the table (a hold opened and settled within the batch), and one DELETE per key cost ~0.4 ms
        // of PostgreSQL time each, more than the ledger's own inserts (bench/ledger-throughput.sh).
        if (!changes.registeredCards.isEmpty()) {
            deleteAwaitingCards(changes.registeredCards.stream().map(AnomalyProjection::clean).toList());
        }
        if (!changes.deletes.isEmpty()) {
            Map<String, List<String>> byKind = new java.util.TreeMap<>();
            changes.deletes.forEach(id -> {
                String[] parts = id.split("\u0000", 2);
                byKind.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(clean(parts[1]));
            });
            byKind.forEach(this::deleteKeys);
        }
        if (!changes.upserts.isEmpty()) {
            jdbc.batchUpdate(UPSERT, changes.upserts.values().stream().map(AnomalyProjection::columns).toList());
        }
        if (!changes.indexedIds.isEmpty()) {
            index(changes.indexedIds, changes.indexedCards, changes.indexedC11s);
        }
    }

    /**
     * One statement for the batch's notifications (V10: the id's hash, no primary key, so no conflict check on the
     * hot path; a repeat is a duplicate row that the look-up absorbs).
     */
    private void index(List<String> ids, List<String> cards, List<String> c11s) {
        jdbc.update("INSERT INTO notification_index (id_hash, card_id, c11)"
                + " SELECT hashtextextended(i, 0), c, t FROM unnest(?::text[], ?::text[], ?::text[]) AS u(i, c, t)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", ids.stream().map(AnomalyProjection::clean).toArray()));
            ps.setArray(2, ps.getConnection().createArrayOf("text", cards.stream().map(AnomalyProjection::clean).toArray()));
            ps.setArray(3, ps.getConnection().createArrayOf("text", c11s.stream().map(AnomalyProjection::clean).toArray()));
        });
    }

    /** Each change under its own savepoint, in the same order as {@link #writeBatched}; a failing one is logged and left out. */
    private void writeOneByOne(Changes changes) {
        List<Runnable> writes = new ArrayList<>();
        changes.registeredCards.forEach(card -> writes.add(() -> deleteAwaitingCards(List.of(clean(card)))));
        changes.deletes.forEach(id -> {
            String[] parts = id.split("\u0000", 2);
            writes.add(() -> deleteKeys(parts[0], List.of(clean(parts[1]))));
        });
        changes.upserts.values().forEach(row -> writes.add(() -> jdbc.update(UPSERT, columns(row))));
        for (int i = 0; i < changes.indexedIds.size(); i++) {
            List<String> one = List.of(changes.indexedIds.get(i));
            List<String> card = List.of(changes.indexedCards.get(i));
            List<String> c11 = java.util.Collections.singletonList(changes.indexedC11s.get(i));
            writes.add(() -> index(one, card, c11));
        }
        for (Runnable write : writes) {
            try {
                savepoint.executeWithoutResult(status -> write.run());
            } catch (DataAccessException e) {
                LOG.error("Anomalies projection left out a change it could not write: {}", e.toString());
            }
        }
    }

    private static final String UPSERT = "INSERT INTO analyst_anomaly (kind, anomaly_key, card_id, wallet_id, c11, notification_id,"
            + " movement_id, c1_tipo, c4, available_delta, withheld_delta, held_minor, authorization_status,"
            + " occurred_at, global_index, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (kind, anomaly_key) DO UPDATE SET card_id = EXCLUDED.card_id, wallet_id = EXCLUDED.wallet_id,"
            + " c11 = EXCLUDED.c11, notification_id = EXCLUDED.notification_id, movement_id = EXCLUDED.movement_id,"
            + " c1_tipo = EXCLUDED.c1_tipo, c4 = EXCLUDED.c4, available_delta = EXCLUDED.available_delta,"
            + " withheld_delta = EXCLUDED.withheld_delta, held_minor = EXCLUDED.held_minor,"
            + " authorization_status = EXCLUDED.authorization_status, global_index = EXCLUDED.global_index,"
            + " detail = EXCLUDED.detail,"
            // an open hold keeps the instant it opened; other kinds are raised by one event
            + " occurred_at = CASE WHEN analyst_anomaly.kind = 'OPEN_HOLD' THEN analyst_anomaly.occurred_at"
            + " ELSE EXCLUDED.occurred_at END";

    private static Object[] columns(Row r) {
        return new Object[]{r.kind().name(), clean(r.key()), clean(r.cardId()), clean(r.walletId()), clean(r.c11()),
                clean(r.notificationId()), clean(r.movementId()), clean(r.c1Tipo()), r.c4(), r.availableDelta(), r.withheldDelta(), r.heldMinor(),
                clean(r.authorizationStatus()), Timestamp.from(r.occurredAt()), r.globalIndex(), clean(r.detail())};
    }

    /** What waited for these cards (their registration clears it). */
    private void deleteAwaitingCards(List<String> cardIds) {
        jdbc.update("DELETE FROM analyst_anomaly WHERE kind = ? AND card_id = ANY (?)", ps -> {
            ps.setString(1, AnomalyKind.AWAITING_CARD.name());
            ps.setArray(2, ps.getConnection().createArrayOf("text", cardIds.toArray()));
        });
    }

    /**
     * Deletes the rows of {@code kind} with these keys, one primary-key probe per key. Written as
     * {@code kind = ? AND anomaly_key = ANY (?)}, PostgreSQL's planner read every row of the kind and
     * filtered it against the array (a bitmap scan on {@code kind} alone, or a hash join): a batch's
     * deletes then cost in proportion to the table, ~12 ms per batch in the ledger benchmark and more on a
     * ledger with many open holds, though most keys never reached the table. The lateral sub-query with
     * {@code LIMIT 1} can only be a probe per key; its row positions are deleted by a TID scan. Safe
     * because this projection has one writer, the outbox's processor (ADR 0006): nothing moves a row
     * between the look-up and the delete.
     */
    private void deleteKeys(String kind, List<String> keys) {
        jdbc.update(DELETE_KEYS, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", keys.toArray()));
            ps.setString(2, kind);
        });
    }

    private static final String DELETE_KEYS = "DELETE FROM analyst_anomaly WHERE ctid = ANY (ARRAY("
            + "SELECT found.ctid FROM unnest(?::text[]) AS k(key) CROSS JOIN LATERAL ("
            + "SELECT ctid FROM analyst_anomaly a WHERE a.kind = ? AND a.anomaly_key = k.key LIMIT 1) found))";

    /**
     * PostgreSQL text cannot hold NUL: a value that carries one (stored before the edges refused them)
     * gets U+FFFD instead, so that no stored event can stop this projection.
     */
    static String clean(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    // ---------------------------------------------------------------- reading stored JSON

    private byte[] stored(DomainEventMessage<?> domain) {
        return domain.serializePayload(eventSerializer, byte[].class).getData();
    }

    static <T> T read(byte[] json, Class<T> view) {
        try {
            return VIEWS.readValue(json, view);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable " + view.getSimpleName() + " payload", e);
        }
    }
}
