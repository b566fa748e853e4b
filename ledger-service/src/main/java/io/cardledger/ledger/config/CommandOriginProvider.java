package io.cardledger.ledger.config;

import io.cardledger.events.trace.TraceParent;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;

import java.util.Map;

/**
 * The W3C {@value TraceParent#HEADER} of the handled message when it has one (a command sent for a Kafka
 * record, docs/adr/0012-trace-context.md), else Axon's {@link MessageOriginProvider} (correlation and trace
 * ids of the command, e.g. one sent for an HTTP call), on every message created while handling it; except for events read back from
 * the event store. In this service those are handled only by the outbox publisher, which creates no
 * messages; Axon still builds a result message per event, and asking the event for its trace id
 * deserialized every event's metadata: a third of the publisher's CPU. Events stored by commands keep
 * their correlation metadata. An event handler that sends commands would need this revisited.
 */
public final class CommandOriginProvider implements CorrelationDataProvider {
    private final MessageOriginProvider delegate = new MessageOriginProvider();

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        if (message instanceof TrackedEventMessage<?>) {
            return Map.of();
        }
        Object traceparent = message.getMetaData().get(TraceParent.HEADER);
        if (traceparent != null) {
            // The W3C trace replaces Axon's origin ids here: those name the command message, which is
            // stored nowhere, while the traceparent names the webhook. Two UUIDs less per stored event
            // (~105 bytes of its metadata, written, logged to the WAL and read back by the outbox).
            return Map.of(TraceParent.HEADER, traceparent);
        }
        return delegate.correlationDataFor(message);
    }
}
