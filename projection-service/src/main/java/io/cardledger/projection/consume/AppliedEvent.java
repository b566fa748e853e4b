package io.cardledger.projection.consume;

import io.cardledger.events.LedgerEventEnvelope;

/**
 * A ledger event that passed the position check and is applied to the read models in this poll.
 *
 * @param envelope its position and metadata
 * @param event    the payload, deserialized to the record class its type names
 */
public record AppliedEvent(LedgerEventEnvelope envelope, Object event) {
}
