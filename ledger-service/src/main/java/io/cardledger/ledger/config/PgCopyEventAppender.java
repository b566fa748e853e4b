package io.cardledger.ledger.config;

import io.cardledger.events.json.IsoTimes;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Appends a unit of work's events to the event table with one PostgreSQL {@code COPY ... FROM STDIN
 * (FORMAT binary)} instead of Axon's batched {@code INSERT}: the same rows and columns as Axon writes
 * them (its {@code JdbcEventStorageEngineStatements.appendEvents}, timestamps as {@link
 * LedgerEventStorageEngine} writes them), the same transaction, the same unique key on (aggregate,
 * sequence). A conflicting append fails the whole {@code COPY} with SQLSTATE 23505, as the batch did, and
 * becomes Axon's {@code ConcurrencyException} the same way.
 *
 * <p>Why: the rewritten multi-row {@code INSERT} costs the server a parse and a plan of a statement with
 * ~1,150 parameters per 128 rows, and the driver a bind of each parameter; {@code COPY} streams the rows'
 * bytes. ADR 0001 has the figures.
 */
final class PgCopyEventAppender {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final int FIELDS = 9;
    /** Bytes buffered before they are handed to the driver (one CopyData message). */
    private static final int CHUNK = 256 * 1024;

    private final String sql;

    PgCopyEventAppender(EventSchema schema) {
        this.sql = "COPY " + schema.domainEventTable() + " (" + String.join(", ", schema.eventIdentifierColumn(),
                schema.aggregateIdentifierColumn(), schema.sequenceNumberColumn(), schema.typeColumn(),
                schema.timestampColumn(), schema.payloadTypeColumn(), schema.payloadRevisionColumn(),
                schema.payloadColumn(), schema.metaDataColumn()) + ") FROM STDIN (FORMAT binary)";
    }

    /** Writes {@code events} with {@code COPY} on {@code connection}; the copy is cancelled if anything fails. */
    void append(Connection connection, List<? extends EventMessage<?>> events, Serializer serializer) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            Rows rows = new Rows(copy);
            rows.bytes(SIGNATURE);
            rows.int32(0); // flags
            rows.int32(0); // header extension length
            for (EventMessage<?> event : events) {
                DomainEventMessage<?> domain = asDomainEventMessage(event);
                SerializedObject<byte[]> payload = domain.serializePayload(serializer, byte[].class);
                SerializedObject<byte[]> metaData = domain.serializeMetaData(serializer, byte[].class);
                rows.int16(FIELDS);
                rows.text(domain.getIdentifier());
                rows.text(domain.getAggregateIdentifier());
                rows.int32(8);
                rows.int64(domain.getSequenceNumber());
                rows.text(domain.getType());
                rows.text(timestamp(domain.getTimestamp()));
                rows.text(payload.getType().getName());
                rows.text(payload.getType().getRevision());
                rows.field(payload.getData());
                rows.field(metaData.getData());
            }
            rows.int16(-1); // trailer
            rows.flush();
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** As {@link LedgerEventStorageEngine#writeTimestamp} writes it. */
    static String timestamp(Instant timestamp) {
        String text = IsoTimes.instantMillis(timestamp);
        return text != null ? text : DateTimeUtils.formatInstant(timestamp);
    }

    /** Axon's: an event that is not a domain event is stored as its own aggregate, at sequence 0, with no type. */
    private static DomainEventMessage<?> asDomainEventMessage(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain ? domain
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }

    /** The binary COPY stream, buffered into chunks. */
    private static final class Rows {
        private final CopyIn copy;
        private byte[] buffer = new byte[CHUNK];
        private int size;

        Rows(CopyIn copy) {
            this.copy = copy;
        }

        void text(String value) throws SQLException {
            if (value == null) {
                int32(-1);
                return;
            }
            field(value.getBytes(StandardCharsets.UTF_8));
        }

        void field(byte[] value) throws SQLException {
            if (value == null) {
                int32(-1);
                return;
            }
            int32(value.length);
            bytes(value);
        }

        void bytes(byte[] value) throws SQLException {
            ensure(value.length);
            System.arraycopy(value, 0, buffer, size, value.length);
            size += value.length;
        }

        void int16(int value) throws SQLException {
            ensure(2);
            buffer[size++] = (byte) (value >>> 8);
            buffer[size++] = (byte) value;
        }

        void int32(int value) throws SQLException {
            ensure(4);
            buffer[size++] = (byte) (value >>> 24);
            buffer[size++] = (byte) (value >>> 16);
            buffer[size++] = (byte) (value >>> 8);
            buffer[size++] = (byte) value;
        }

        void int64(long value) throws SQLException {
            int32((int) (value >>> 32));
            int32((int) value);
        }

        private void ensure(int more) throws SQLException {
            if (size + more <= buffer.length) {
                return;
            }
            flush();
            if (more > buffer.length) {
                buffer = Arrays.copyOf(buffer, more);
            }
        }

        void flush() throws SQLException {
            if (size > 0) {
                copy.writeToCopy(buffer, 0, size);
                size = 0;
            }
        }
    }
}
