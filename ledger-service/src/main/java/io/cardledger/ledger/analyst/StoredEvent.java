package io.cardledger.ledger.analyst;

import java.time.Instant;

/**
 * One row of the Axon event store, its payload deserialised into the event record it was
 * written from.
 *
 * @param aggregateId "card:&lt;cardId&gt;" or "wallet:&lt;walletId&gt;"
 * @param timestamp   when the event was stored (Axon's message timestamp)
 * @param payload     the event record, or a JsonNode for a payload type this service does not know
 */
public record StoredEvent(long globalIndex, String aggregateId, long sequence, Instant timestamp, String type,
                          Object payload) {
}
