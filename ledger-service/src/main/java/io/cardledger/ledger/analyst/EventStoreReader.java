package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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
import java.util.function.Consumer;

/**
 * Reads the Axon event store table directly with plain JDBC, outside Axon: analyst reads never
 * load an aggregate, take its lock or touch its cache, so they cannot disturb the live ledger.
 * Payloads are the Jackson JSON of the event records in common-events.
 */
@Component
public class EventStoreReader {
    private static final String COLUMNS = "SELECT globalindex, aggregateidentifier, sequencenumber, payloadtype, payload, timestamp"
            + " FROM domainevententry ";
    /** Only our own contracts are instantiated from the stored type name. */
    private static final String EVENTS_PACKAGE = "io.cardledger.events.";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Map<String, Class<?>> types = new ConcurrentHashMap<>();

    public EventStoreReader(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** All events of one aggregate, in sequence order. */
    public List<StoredEvent> aggregate(String aggregateId) {
        List<StoredEvent> events = new ArrayList<>();
        jdbc.query(COLUMNS + "WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                (RowCallbackHandler) rs -> events.add(map(rs)), aggregateId);
        return events;
    }

    /**
     * Every event of one payload type, in store order. With {@code payloadContains}, only those whose
     * JSON contains that text (a cheap pre-filter done by PostgreSQL; callers still check the record).
     */
    public void eachOfType(Class<?> type, String payloadContains, Consumer<StoredEvent> consumer) {
        RowCallbackHandler handler = rs -> consumer.accept(map(rs));
        if (payloadContains == null) {
            jdbc.query(COLUMNS + "WHERE payloadtype = ? ORDER BY globalindex", handler, type.getName());
        } else {
            jdbc.query(COLUMNS + "WHERE payloadtype = ? AND position(? in convert_from(payload, 'UTF8')) > 0 ORDER BY globalindex",
                    handler, type.getName(), payloadContains);
        }
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

    private static String simpleName(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}
