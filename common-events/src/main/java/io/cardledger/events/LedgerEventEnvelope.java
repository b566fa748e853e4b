package io.cardledger.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A ledger event as published on {@link Topics#LEDGER_EVENTS}: the aggregate's event payload
 * with its position. Consumers are idempotent by (aggregateId, sequence).
 *
 * @param eventId       Axon's event identifier, unique
 * @param aggregateType "Card" or "Wallet"
 * @param aggregateId   cardId or walletId; also the Kafka key
 * @param sequence      0-based position in the aggregate's stream, gap-free
 * @param globalIndex   position in the event store, for replays
 * @param type          simple name of the payload record, see {@link LedgerEventTypes}
 * @param timestamp     when the event was stored
 * @param payload       the event record as JSON
 */
public record LedgerEventEnvelope(
        String eventId,
        String aggregateType,
        String aggregateId,
        long sequence,
        long globalIndex,
        String type,
        Instant timestamp,
        JsonNode payload) {
}
