package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Reads the Axon event store table directly with plain JDBC, outside Axon and on the analyst's own
 * pool ({@link AnalystDatabase}): analyst reads never load an aggregate, take its lock or touch its
 * cache, and never hold one of the ledger's connections. Payloads are the Jackson JSON of the event
 * records in common-events.
 *
 * <p>Nothing here holds a whole history in memory: {@link #scan} fetches rows in chunks of
 * {@value #FETCH_SIZE} inside a read-only transaction and hands them over one at a time, and
 * {@link #aggregate} refuses an aggregate longer than its cap.
 */
@Component
public class EventStoreReader {
    static final int FETCH_SIZE = 500;
    private static final String COLUMNS = "SELECT globalindex, aggregateidentifier, sequencenumber, payloadtype, payload, timestamp"
            + " FROM domainevententry ";
    /** Only our own contracts are instantiated from the stored type name. */
    private static final String EVENTS_PACKAGE = "io.cardledger.events.";

    private final AnalystDatabase database;
    private final JdbcTemplate scanning;
    private final ObjectMapper json;
    private final Map<String, Class<?>> types = new ConcurrentHashMap<>();

    public EventStoreReader(AnalystDatabase database, ObjectMapper json) {
        this.database = database;
        this.scanning = new JdbcTemplate(database.jdbc().getDataSource());
        scanning.setFetchSize(FETCH_SIZE);
        this.json = json;
    }

    /**
     * One aggregate's events with {@code fromSequence <= sequence <= toSequence}, in ascending (or
     * descending) sequence order, handed to {@code each} until it returns false.
     */
    public void scan(String aggregateId, long fromSequence, long toSequence, boolean descending, Predicate<StoredEvent> each) {
        String sql = COLUMNS + "WHERE aggregateidentifier = ? AND sequencenumber BETWEEN ? AND ? ORDER BY sequencenumber"
                + (descending ? " DESC" : "");
        database.transaction().executeWithoutResult(status -> scanning.query(sql, (ResultSet rs) -> {
            while (rs.next()) {
                if (!each.test(map(rs))) {
                    break;
                }
            }
            return null;
        }, aggregateId, fromSequence, toSequence));
    }

    /** Whether the aggregate has any event at all (an index probe). */
    public boolean exists(String aggregateId) {
        return Boolean.TRUE.equals(database.jdbc().queryForObject(
                "SELECT EXISTS (SELECT 1 FROM domainevententry WHERE aggregateidentifier = ?)", Boolean.class, aggregateId));
    }

    /**
     * All events of one aggregate, in sequence order, for the reports that need them together (the
     * what-if replay): an aggregate with more than {@code maxEvents} events is refused with 422
     * rather than loaded.
     */
    public List<StoredEvent> aggregate(String aggregateId, int maxEvents) {
        List<StoredEvent> events = new ArrayList<>();
        scan(aggregateId, 0, Long.MAX_VALUE, false, e -> {
            if (events.size() == maxEvents) {
                throw new AnalystProblem(HttpStatus.UNPROCESSABLE_ENTITY, "History too long for this report",
                        aggregateId + " has more than " + maxEvents + " events; this report reads them all at once");
            }
            return events.add(e);
        });
        return events;
    }

    private StoredEvent map(ResultSet rs) throws SQLException {
        String payloadType = rs.getString("payloadtype");
        byte[] payload = rs.getBytes("payload");
        Class<?> type = typeOf(payloadType);
        Object event;
        try {
            event = json.readValue(payload, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable payload of type " + payloadType + " at global index "
                    + rs.getLong("globalindex"), e);
        }
        return new StoredEvent(rs.getLong("globalindex"), rs.getString("aggregateidentifier"), rs.getLong("sequencenumber"),
                Instant.parse(rs.getString("timestamp")), simpleName(payloadType), event);
    }

    private Class<?> typeOf(String payloadType) {
        return types.computeIfAbsent(payloadType, name -> {
            if (!name.startsWith(EVENTS_PACKAGE)) {
                return JsonNode.class;
            }
            try {
                return Class.forName(name, false, EventStoreReader.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return JsonNode.class;
            }
        });
    }

    static String simpleName(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}
