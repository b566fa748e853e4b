package io.cardledger.ledger.config;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import io.cardledger.ledger.support.NonConsumingLedgerContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two writers appending to one aggregate at the same sequence: on PostgreSQL the second append
 * fails on the event table's unique key (SQLSTATE 23505, inside a JDBC batch), and the configured
 * resolver must turn that into Axon's ConcurrencyException, the failure the ledger retries with the
 * aggregate reloaded, rather than a plain EventStoreException.
 */
class DuplicateAppendIT extends NonConsumingLedgerContext {
    @Autowired
    EventStorageEngine engine;

    @Test
    void aSecondAppendAtTheSameSequenceIsAConcurrencyConflict() {
        // given an aggregate with two events
        String aggregateId = "dup-" + UUID.randomUUID();
        engine.appendEvents(event(aggregateId, 0), event(aggregateId, 1));

        // when another writer appends its own event at sequence 1, then one at the next free sequence
        // then the first is a concurrency conflict and the second is stored
        assertThatThrownBy(() -> engine.appendEvents(event(aggregateId, 1)))
                .isInstanceOf(ConcurrencyException.class);
        engine.appendEvents(event(aggregateId, 2));
        assertThat(engine.readEvents(aggregateId).asStream().map(e -> e.getSequenceNumber()).toList()).containsExactly(0L, 1L, 2L);
    }

    private static GenericDomainEventMessage<String> event(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("DuplicateProbe", aggregateId, sequence, "probe " + sequence);
    }
}
