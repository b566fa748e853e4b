package io.cardledger.projection.consume;

import io.cardledger.events.LedgerEventEnvelope;

/**
 * A ledger event that passed the position check and is applied to the read models in this poll.
 *
 * @param envelope its position and metadata
 * @param event    the payload, deserialized to the record class its type names
 * @param traceId  the W3C trace id of the record's {@code traceparent} header, null when it had none
 */
public record AppliedEvent(LedgerEventEnvelope envelope, Object event, String traceId) {
}
