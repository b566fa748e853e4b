package io.cardledger.ledger.config;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;

import java.util.Map;

/**
 * Axon's {@link MessageOriginProvider} (correlation and trace ids on every message created while
 * handling another), except for events read back from the event store. In this service those are
 * handled only by the outbox publisher, which creates no messages; Axon still builds a result
 * message per event, and asking the event for its trace id deserialized every event's metadata:
 * a third of the publisher's CPU. Events stored by commands keep their correlation metadata.
 * An event handler that sends commands would need this revisited.
 */
public final class CommandOriginProvider implements CorrelationDataProvider {
    private final MessageOriginProvider delegate = new MessageOriginProvider();

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        if (message instanceof TrackedEventMessage<?>) {
            return Map.of();
        }
        return delegate.correlationDataFor(message);
    }
}
