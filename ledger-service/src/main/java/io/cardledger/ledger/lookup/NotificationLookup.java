package io.cardledger.ledger.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventAwaitingCard;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.KatFacilEventRecorded;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.ledger.card.CardCommands;
import io.cardledger.ledger.katfacil.KatFacilCommands;
import io.cardledger.ledger.katfacil.KatFacilRules;
import io.cardledger.ledger.parking.ParkingConfig;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A notification's status, read from the card's own event stream (what was applied or kept waiting)
 * and from the ledger's parked records (what failed on its own): the ledger is where a notification
 * is applied, so it answers without waiting for a projection. A notification none of them knows was
 * never received, or is still in the raw log ahead of the ledger. The card's stream is read from its
 * first event: a lookup, not a hot path.
 */
@Component
public class NotificationLookup {
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public NotificationLookup(EventStore eventStore, JdbcTemplate jdbc, ObjectMapper json) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The notification {@code notificationId}, whatever its card: the card comes from {@code notification_index}
     * (kept by the outbox's processor with the anomalies, ADR 0006: it trails the event store by the outbox's lag),
     * else from the records the ledger parked (a scan of {@code parked_record}'s few ledger rows, never of the event
     * store); then the card's own stream answers as {@link #byId(String, String)} does.
     *
     * @param index the connection to read the index and parked records with (the analyst's pool for analysts)
     */
    public Optional<NotificationStatus> byNotificationId(JdbcTemplate index, String notificationId) {
        // by the id's hash (V10): a collision only adds a card whose stream does not have it
        List<String> cards = index.queryForList("SELECT DISTINCT card_id FROM notification_index"
                + " WHERE id_hash = hashtextextended(?, 0) ORDER BY card_id", String.class, notificationId);
        // a KatFacil event key is read on the card's KatFacil stream, anything else on its PayCaddy stream
        boolean katFacil = notificationId.startsWith(KATFACIL_KEY_PREFIX);
        if (cards.isEmpty()) {
            // parked records are keyed by card, as their topics are: KatFacil's by its own consumer
            cards = index.queryForList("SELECT DISTINCT record_key FROM parked_record WHERE consumer = ?"
                    + " AND record_key IS NOT NULL AND position(convert_to(?, 'UTF8') IN payload) > 0", String.class,
                    katFacil ? ParkingConfig.KATFACIL : ParkingConfig.LEDGER, "\"" + notificationId + "\"");
        }
        for (String cardId : cards) {
            Optional<NotificationStatus> found = katFacil ? katFacilById(cardId, notificationId) : byId(cardId, notificationId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * Every notification with c11 {@code transactionId} (trimmed), whatever its card: card by card (in card id
     * order, at most {@code maxCards} of them) as {@link #byTransaction(String, String)} answers, the cards found
     * in {@code notification_index} or among the records the ledger's consumers parked (PayCaddy's and KatFacil's,
     * keyed by card; a scan of {@code parked_record}'s few rows for the c11's bytes, the card's look-up then keeps
     * only what has that c11). Parked records are listed for the cards found.
     */
    public List<NotificationStatus> byC11(JdbcTemplate index, String transactionId, int maxCards) {
        String c11 = transactionId.trim();
        List<String> cards = index.queryForList("SELECT card_id FROM (SELECT card_id FROM notification_index WHERE c11 = ?"
                + " UNION SELECT record_key FROM parked_record WHERE consumer IN (?, ?) AND record_key IS NOT NULL"
                + " AND position(convert_to(?, 'UTF8') IN payload) > 0) cards ORDER BY card_id LIMIT ?", String.class,
                c11, ParkingConfig.LEDGER, ParkingConfig.KATFACIL, c11, maxCards);
        List<NotificationStatus> out = new ArrayList<>();
        for (String cardId : cards) {
            out.addAll(byTransaction(cardId, transactionId));
            out.addAll(katFacilByTransaction(cardId, transactionId));
        }
        return out;
    }

    /** KatFacil's event keys ({@code RawKatFacilEvent.keyOf}): such an id is looked up on the card's KatFacil stream. */
    static final String KATFACIL_KEY_PREFIX = "kf-";

    /** A KatFacil event of card {@code cardId} by its event key, from the card's KatFacil stream. */
    public Optional<NotificationStatus> katFacilById(String cardId, String eventKey) {
        return katFacilStatuses(cardId, e -> eventKey.equals(e.eventKey())).stream().findFirst();
    }

    /** The KatFacil events of card {@code cardId} whose transaction or funding id is {@code transactionId} (trimmed). */
    public List<NotificationStatus> katFacilByTransaction(String cardId, String transactionId) {
        String c11 = transactionId.trim();
        return katFacilStatuses(cardId, e -> c11.equals(katFacilC11(e.event())));
    }

    /** The id a KatFacil event's money moves under, as on its wallet movement: the funding's for fundings. */
    private static String katFacilC11(KatFacilEvent e) {
        String id = e.kind() == KatFacilEventKind.FUND_REQUEST || e.kind() == KatFacilEventKind.FUNDED ? e.fundingId() : e.transactionId();
        return id == null ? null : id.trim();
    }

    /**
     * A KatFacil card's events from its own stream ({@code katfacil:<cardId>}, a card's lifecycle): waiting for the
     * card's newcard, or applied with the one movement each makes ({@code effect} says what the rules did; withheld
     * never moves for KatFacil); then the card's records its consumer parked ({@value ParkingConfig#KATFACIL}).
     */
    private List<NotificationStatus> katFacilStatuses(String cardId, java.util.function.Predicate<RawKatFacilEvent> wanted) {
        Map<String, KatFacilFound> found = new LinkedHashMap<>();
        DomainEventStream stream = eventStore.readEvents(KatFacilCommands.aggregateId(cardId), 0);
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof KatFacilEventAwaitingCard a && wanted.test(a.event())) {
                found.computeIfAbsent(a.event().eventKey(), k -> new KatFacilFound(a.event())).awaiting = true;
            } else if (payload instanceof KatFacilEventRecorded r && wanted.test(r.event())) {
                found.computeIfAbsent(r.event().eventKey(), k -> new KatFacilFound(r.event())).line =
                        new NotificationStatus.MovementLine(r.movementId(), r.availableDeltaMinor(), 0, null,
                                r.flags().stream().map(Enum::name).sorted().toList(), "katfacil-" + KatFacilRules.VERSION,
                                r.recordedAt(), r.effect().name());
            }
        }
        parked(ParkingConfig.KATFACIL, cardId, (value, line) -> {
            RawKatFacilEvent raw = read(value, RawKatFacilEvent.class);
            if (raw != null && raw.eventKey() != null && raw.event() != null && wanted.test(raw)) {
                found.computeIfAbsent(raw.eventKey(), k -> new KatFacilFound(raw)).parked = line;
            }
        });
        List<NotificationStatus> out = new ArrayList<>();
        found.values().forEach(f -> out.add(f.status(cardId)));
        return out;
    }

    private static final class KatFacilFound {
        final RawKatFacilEvent raw;
        boolean awaiting;
        NotificationStatus.MovementLine line;
        NotificationStatus.ParkedLine parked;

        KatFacilFound(RawKatFacilEvent raw) {
            this.raw = raw;
        }

        /** As a PayCaddy notification's: applied, else waiting for its card, else parked (or re-driven: received). */
        NotificationStatus status(String cardId) {
            boolean applied = line != null;
            boolean waiting = !applied && awaiting;
            boolean isParked = parked != null && !"RETRIED".equals(parked.status()) && !applied && !waiting;
            String state = applied ? "APPLIED" : waiting ? "AWAITING_CARD" : isParked ? "PARKED" : "RECEIVED";
            return new NotificationStatus(raw.eventKey(), cardId, katFacilC11(raw.event()), raw.event().eventName(), state, true,
                    applied, isParked, waiting, false, applied ? List.of(line) : List.of(), parked);
        }
    }

    /** The notification {@code notificationId} of card {@code cardId}, if the ledger knows it. */
    public Optional<NotificationStatus> byId(String cardId, String notificationId) {
        return statuses(cardId, raw -> notificationId.equals(raw.notificationId())).stream().findFirst();
    }

    /** Every notification of card {@code cardId} with c11 {@code transactionId}, in the order the ledger met them. */
    public List<NotificationStatus> byTransaction(String cardId, String transactionId) {
        String c11 = transactionId.trim();
        return statuses(cardId, raw -> raw.notification() != null && raw.notification().hasTransactionId()
                && raw.notification().transactionId().trim().equals(c11));
    }

    private static final class Found {
        RawNotification raw;
        boolean awaiting;
        boolean reversalParked;
        final List<NotificationStatus.MovementLine> movements = new ArrayList<>();
        NotificationStatus.ParkedLine parked;
        String parkedId;
        String parkedC11;
    }

    private List<NotificationStatus> statuses(String cardId, java.util.function.Predicate<RawNotification> wanted) {
        Map<String, Found> found = new LinkedHashMap<>();
        DomainEventStream stream = eventStore.readEvents(CardCommands.aggregateId(cardId), 0);
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof NotificationAwaitingCard a && wanted.test(a.notification())) {
                Found f = found.computeIfAbsent(a.notification().notificationId(), k -> new Found());
                f.raw = a.notification();
                f.awaiting = true;
            } else if (payload instanceof CardNotificationRecorded r && wanted.test(r.notification())) {
                Found f = found.computeIfAbsent(r.notificationId(), k -> new Found());
                f.raw = r.notification();
                f.awaiting = false;
                if (r.flags().contains(MovementFlag.REVERSAL_PARKED)) {
                    f.reversalParked = true;
                } else if (r.flags().contains(MovementFlag.PARKED_REVERSAL_APPLIED)) {
                    f.reversalParked = false;
                }
                f.movements.add(new NotificationStatus.MovementLine(r.movementId(), r.availableDeltaMinor(),
                        r.withheldDeltaMinor(), r.authorization() == null ? null : r.authorization().status().name(),
                        r.flags().stream().map(Enum::name).sorted().toList(), r.rulebook(), r.recordedAt(), null));
            }
        }
        parkedOf(cardId, found, wanted);
        List<NotificationStatus> out = new ArrayList<>();
        found.forEach((id, f) -> out.add(status(cardId, id, f)));
        return out;
    }

    /** Poison records of the card (keyed by card id), still parked or re-driven. */
    private void parkedOf(String cardId, Map<String, Found> found, java.util.function.Predicate<RawNotification> wanted) {
        parked(ParkingConfig.LEDGER, cardId, (value, line) -> {
            RawNotification raw = read(value, RawNotification.class);
            if (raw == null || raw.notificationId() == null || !wanted.test(raw)) {
                return;
            }
            Found f = found.computeIfAbsent(raw.notificationId(), k -> new Found());
            if (f.raw == null) {
                f.raw = raw;
            }
            f.parked = line;
        });
    }

    /** The records {@code consumer} parked under key {@code cardId}, oldest first: each payload with its parked line. */
    private void parked(String consumer, String cardId, java.util.function.BiConsumer<byte[], NotificationStatus.ParkedLine> each) {
        jdbc.query("SELECT id, status, reason, parked_at, payload FROM parked_record WHERE consumer = ? AND record_key = ? "
                + "ORDER BY id", rs -> {
            each.accept(rs.getBytes(5), new NotificationStatus.ParkedLine(rs.getLong(1), rs.getString(2), rs.getString(3),
                    rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()));
        }, consumer, cardId);
    }

    private <T> T read(byte[] value, Class<T> type) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(value);
            return node == null || !node.isObject() ? null : json.treeToValue(node, type);
        } catch (IOException | RuntimeException unreadable) {
            // A record parked because it is not a notification cannot be found by a notification's id.
            return null;
        }
    }

    private static NotificationStatus status(String cardId, String id, Found f) {
        CardNotification n = f.raw == null ? null : f.raw.notification();
        boolean applied = !f.movements.isEmpty();
        boolean parked = f.parked != null && !"RETRIED".equals(f.parked.status()) && !applied && !f.awaiting;
        String state = applied ? (f.reversalParked ? "REVERSAL_PARKED" : "APPLIED") : f.awaiting ? "AWAITING_CARD"
                : parked ? "PARKED" : "RECEIVED";
        return new NotificationStatus(id, cardId, n == null ? null : n.transactionId(), n == null ? null : n.type(), state,
                true, applied, parked, f.awaiting, f.reversalParked, List.copyOf(f.movements), f.parked);
    }
}
