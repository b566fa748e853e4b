package io.cardledger.ledger.config;

import io.cardledger.ledger.support.NonConsumingLedgerContext;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger appends events with PostgreSQL's COPY (PgCopyEventAppender). Its rows must be the rows
 * Axon's batched INSERT writes for the same events, column by column, read back alike, and a conflict
 * must still be Axon's ConcurrencyException with nothing of the failed append stored.
 */
class PgCopyEventAppenderIT extends NonConsumingLedgerContext {
    private static final Instant AT = Instant.parse("2026-12-06T08:15:30.123Z");

    @Autowired
    EventStorageEngine engine;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;
    @Autowired
    ConnectionProvider connections;
    @Autowired
    TransactionManager transactions;
    @Autowired
    EventSchema schema;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void copiedRowsEqualInsertedRowsColumnByColumn() {
        assertThat(engine).isInstanceOf(LedgerEventStorageEngine.class);
        LedgerEventStorageEngine inserting = new LedgerEventStorageEngine(JdbcEventStorageEngine.builder()
                .eventSerializer(serializer).snapshotSerializer(serializer).connectionProvider(connections),
                schema, transactions, false);
        String suffix = UUID.randomUUID().toString();
        String copied = "copy-ñ€-" + suffix;
        String inserted = "insert-ñ€-" + suffix;

        engine.appendEvents(events(copied));
        inserting.appendEvents(events(inserted));

        List<Map<String, Object>> copiedRows = rows(copied);
        List<Map<String, Object>> insertedRows = rows(inserted);
        assertThat(copiedRows).hasSize(events(copied).size());
        for (int i = 0; i < copiedRows.size(); i++) {
            Map<String, Object> c = copiedRows.get(i);
            Map<String, Object> n = insertedRows.get(i);
            for (String column : List.of("sequencenumber", "type", "timestamp", "payloadtype", "payloadrevision")) {
                assertThat(c.get(column)).as("%s of event %d", column, i).isEqualTo(n.get(column));
            }
            assertThat((byte[]) c.get("payload")).as("payload of event %d", i).isEqualTo((byte[]) n.get("payload"));
            assertThat((byte[]) c.get("metadata")).as("metadata of event %d", i).isEqualTo((byte[]) n.get("metadata"));
        }
        assertThat(copiedRows.get(0).get("timestamp")).isEqualTo("2026-12-06T08:15:30.123Z");

        List<? extends DomainEventMessage<?>> read = engine.readEvents(copied).asStream().toList();
        List<Object> payloads = read.stream().<Object>map(DomainEventMessage::getPayload).toList();
        assertThat(payloads).containsExactlyElementsOf(events(copied).stream().<Object>map(EventMessage::getPayload).toList());
        assertThat(read.get(1).getMetaData()).isEqualTo(MetaData.with("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").and("note", "ünïcødé"));
        assertThat(read).extracting(DomainEventMessage::getTimestamp).containsOnly(AT);
    }

    @Test
    void aNonDomainEventIsStoredAsItsOwnAggregateAsAxonStoresIt() {
        EventMessage<String> event = new GenericEventMessage<>(new org.axonframework.messaging.GenericMessage<>("loose"), () -> AT);
        engine.appendEvents(List.of(event));
        Map<String, Object> row = jdbc.queryForMap("SELECT aggregateidentifier, sequencenumber, type FROM domainevententry WHERE eventidentifier = ?",
                event.getIdentifier());
        assertThat(row.get("aggregateidentifier")).isEqualTo(event.getIdentifier());
        assertThat(row.get("sequencenumber")).isEqualTo(0L);
        assertThat(row.get("type")).isNull();
    }

    @Test
    void aConflictInTheMiddleOfACopyIsAConcurrencyExceptionAndStoresNothingOfIt() {
        String aggregateId = "copy-conflict-" + UUID.randomUUID();
        String other = "copy-bystander-" + UUID.randomUUID();
        engine.appendEvents(event(aggregateId, 0, "first"), event(other, 0, "bystander"));
        // (a first event at sequence 0 would make Axon report a stream creation instead, as it does for INSERT)
        List<DomainEventMessage<?>> clashing = new ArrayList<>();
        clashing.add(event(other, 1, "bystander's next"));
        clashing.add(event(aggregateId, 0, "clash"));
        clashing.add(event(aggregateId, 1, "after"));

        assertThatThrownBy(() -> transactions.executeInTransaction(() -> engine.appendEvents(clashing)))
                .isInstanceOf(ConcurrencyException.class);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier IN (?, ?)", Long.class,
                aggregateId, other)).isEqualTo(2L);
        // and the connection is usable again: the next append goes through
        engine.appendEvents(event(aggregateId, 1, "next"));
        List<Object> payloads = engine.readEvents(aggregateId).asStream().<Object>map(DomainEventMessage::getPayload).toList();
        assertThat(payloads).containsExactly("first", "next");
    }

    /** Small and large events: together well past the appender's 256 KiB chunk, one alone larger than it. */
    private static List<DomainEventMessage<?>> events(String aggregateId) {
        char[] large = new char[300_000];
        Arrays.fill(large, 'x');
        return Stream.of(
                        event(aggregateId, 0, "plain"),
                        new GenericDomainEventMessage<>("Probe", aggregateId, 1, new org.axonframework.messaging.GenericMessage<>(
                                "with metadata", MetaData.with("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                                .and("note", "ünïcødé")), () -> AT),
                        event(aggregateId, 2, new String(large)),
                        event(aggregateId, 3, "quote \" backslash \\ newline \n tab \t and € ñ"))
                .map(e -> (DomainEventMessage<?>) e)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    private static DomainEventMessage<?> event(String aggregateId, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Probe", aggregateId, sequence,
                new org.axonframework.messaging.GenericMessage<>(payload), () -> AT);
    }

    private List<Map<String, Object>> rows(String aggregateId) {
        return jdbc.queryForList("SELECT * FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber", aggregateId);
    }
}
