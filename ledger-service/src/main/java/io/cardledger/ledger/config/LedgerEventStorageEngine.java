package io.cardledger.ledger.config;

import io.cardledger.events.json.IsoTimes;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Axon's JDBC event store with the timestamp column written and read by {@link IsoTimes} instead
 * of {@code DateTimeFormatter}: the same text in the column (three fraction digits and {@code Z}),
 * the same instants read back. Reading each stored event's timestamp twice (the gap check of the
 * tracking fetch, then the outbox's envelope) through {@code DateTimeFormatter.parse} was ~18 % of
 * the outbox thread and most of the event store's reader thread.
 *
 * <p>{@link #getTrackedEventData} is Axon 4.13's own, line for line, except for the entry class;
 * the gap settings it needs are private in Axon, so they are passed here as well as to the builder.
 */
public class LedgerEventStorageEngine extends JdbcEventStorageEngine {
    /** Axon's defaults, set explicitly on the builder so this class knows them too. */
    public static final long LOWEST_GLOBAL_SEQUENCE = 1;
    public static final int MAX_GAP_OFFSET = 10_000;
    public static final int GAP_TIMEOUT_MILLIS = 60_000;

    private final EventSchema schema;
    private final TransactionManager transactionManager;

    /** null: Axon's batched INSERT. */
    private final PgCopyEventAppender copy;

    /**
     * The builder gets the three gap settings above, {@code schema} and {@code transactionManager}.
     *
     * @param appendWithCopy events appended with PostgreSQL's {@code COPY} ({@link PgCopyEventAppender}), else
     *                       with Axon's batched {@code INSERT} (kept for side-by-side benchmarks)
     */
    public LedgerEventStorageEngine(Builder builder, EventSchema schema, TransactionManager transactionManager,
                                    boolean appendWithCopy) {
        super(builder.lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE).maxGapOffset(MAX_GAP_OFFSET)
                .gapTimeout(GAP_TIMEOUT_MILLIS).schema(schema).transactionManager(transactionManager));
        this.schema = schema;
        this.transactionManager = transactionManager;
        this.copy = appendWithCopy ? new PgCopyEventAppender(schema) : null;
    }

    /** As Axon's, in the same transaction and with the same exception translation, but with one {@code COPY}. */
    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (copy == null) {
            super.appendEvents(events, serializer);
            return;
        }
        if (events.isEmpty()) {
            return;
        }
        transactionManager.executeInTransaction(() -> {
            Connection connection = getConnection();
            try {
                copy.append(connection, events, serializer);
            } catch (SQLException e) {
                handlePersistenceException(e, events.get(0));
            } finally {
                JdbcUtils.closeQuietly(connection);
            }
        });
    }

    /**
     * Axon's, except that a snapshot already stored at that sequence is reported instead of ignored:
     * in PostgreSQL the failed insert aborts the surrounding transaction, so the caller has to roll
     * it back (to the savepoint {@link InlineSnapshotter} sets) rather than carry on into a failed commit.
     */
    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        transactionManager.executeInTransaction(() -> JdbcUtils.executeUpdates(getConnection(),
                e -> handlePersistenceException(e, snapshot),
                connection -> appendSnapshot(connection, snapshot, serializer),
                connection -> deleteSnapshots(connection, snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber())));
    }

    @Override
    protected void writeTimestamp(PreparedStatement statement, int position, Instant timestamp) throws SQLException {
        statement.setString(position, PgCopyEventAppender.timestamp(timestamp));
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        long globalSequence = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        DomainEventData<?> domainEvent = new Entry<>(
                resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()),
                eventIdentifier,
                readTimeStamp(resultSet, schema.timestampColumn()),
                resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn()));

        boolean allowGaps = domainEvent.getTimestamp()
                .isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MILLIS));
        GapAwareTrackingToken token = previousToken;
        if (token == null) {
            token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence)
                            .boxed().collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = token.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, domainEvent);
    }

    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return new Entry<>(resultSet.getString(schema.typeColumn()),
                resultSet.getString(schema.aggregateIdentifierColumn()),
                resultSet.getLong(schema.sequenceNumberColumn()),
                resultSet.getString(schema.eventIdentifierColumn()),
                readTimeStamp(resultSet, schema.timestampColumn()),
                resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn()));
    }

    /** A stored event whose timestamp is parsed once, by {@link IsoTimes} when it has the usual shape. */
    static final class Entry<T> extends GenericDomainEventEntry<T> {
        private final String timestampText;
        private Instant timestamp;

        Entry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier, Object timestamp,
              String payloadType, String payloadRevision, T payload, T metaData) {
            super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, timestamp, payloadType, payloadRevision,
                    payload, metaData);
            this.timestampText = timestamp instanceof TemporalAccessor time ? DateTimeUtils.formatInstant(time)
                    : timestamp.toString();
        }

        @Override
        public Instant getTimestamp() {
            Instant parsed = timestamp;
            if (parsed == null) {
                parsed = IsoTimes.parseInstant(timestampText);
                if (parsed == null) {
                    parsed = super.getTimestamp();
                }
                timestamp = parsed; // an Instant is immutable: a racing second parse is harmless
            }
            return parsed;
        }
    }
}
