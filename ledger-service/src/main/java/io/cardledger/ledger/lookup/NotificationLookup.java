package io.cardledger.ledger.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.card.CardCommands;
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
        if (cards.isEmpty()) {
            cards = index.queryForList("SELECT DISTINCT record_key FROM parked_record WHERE consumer = 'ledger'"
                    + " AND record_key IS NOT NULL AND position(convert_to(?, 'UTF8') IN payload) > 0", String.class,
                    "\"" + notificationId + "\"");
        }
        for (String cardId : cards) {
            Optional<NotificationStatus> found = byId(cardId, notificationId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * Every notification with c11 {@code transactionId} (trimmed), whatever its card: card by card (in card id
     * order, at most {@code maxCards} of them) as {@link #byTransaction(String, String)} answers, the cards found
     * in {@code notification_index}. Parked records are listed for the cards found there.
     */
    public List<NotificationStatus> byC11(JdbcTemplate index, String transactionId, int maxCards) {
        List<String> cards = index.queryForList("SELECT DISTINCT card_id FROM notification_index WHERE c11 = ?"
                + " ORDER BY card_id LIMIT ?", String.class, transactionId.trim(), maxCards);
        List<NotificationStatus> out = new ArrayList<>();
        for (String cardId : cards) {
            out.addAll(byTransaction(cardId, transactionId));
        }
        return out;
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
                        r.flags().stream().map(Enum::name).sorted().toList(), r.rulebook(), r.recordedAt()));
            }
        }
        parkedOf(cardId, found, wanted);
        List<NotificationStatus> out = new ArrayList<>();
        found.forEach((id, f) -> out.add(status(cardId, id, f)));
        return out;
    }

    /** Poison records of the card (keyed by card id), still parked or re-driven. */
    private void parkedOf(String cardId, Map<String, Found> found, java.util.function.Predicate<RawNotification> wanted) {
        jdbc.query("SELECT id, status, reason, parked_at, payload FROM parked_record WHERE consumer = 'ledger' AND record_key = ? "
                + "ORDER BY id", rs -> {
            RawNotification raw = readRaw(rs.getBytes(5));
            if (raw == null || raw.notificationId() == null || !wanted.test(raw)) {
                return;
            }
            Found f = found.computeIfAbsent(raw.notificationId(), k -> new Found());
            if (f.raw == null) {
                f.raw = raw;
            }
            f.parked = new NotificationStatus.ParkedLine(rs.getLong(1), rs.getString(2), rs.getString(3),
                    rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant());
        }, cardId);
    }

    private RawNotification readRaw(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(value);
            return node == null || !node.isObject() ? null : json.treeToValue(node, RawNotification.class);
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
