package io.cardledger.ledger.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.Topics;
import io.cardledger.events.card.CardEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The outbox: a tracking event processor reads the event store in order and publishes every
 * event to {@link Topics#LEDGER_EVENTS}, keyed by its aggregate. Sends of one batch are awaited
 * before the processor's token is stored, so an event is published at least once and, per
 * aggregate, in order. Publishing here, not in the command's thread, keeps Kafka off the write path.
 * Each record carries the event's CloudEvents attributes as headers ({@link CloudEventHeaders}), and its
 * W3C {@code traceparent} when the event has one (docs/adr/0012-trace-context.md).
 * The processor's thread reads the store and hands each event over; the records are written and sent on
 * a thread of their own ({@code ledger-events-sender}, {@link OrderedHandOver}), in stream order.
 *
 * <p>The same processor also keeps the analyst's anomalies projection (its processing group is assigned
 * here, ADR 0006). A replay of this processor rebuilds that projection only: this handler ignores
 * replayed events ({@link DisallowReplay}), so nothing is published twice, and events the outbox had not
 * reached when the replay started are published as they come.
 */
@Component
@ProcessingGroup(LedgerEventPublisher.PROCESSING_GROUP)
@DisallowReplay
public class LedgerEventPublisher {
    public static final String PROCESSING_GROUP = "ledger-publisher";
    private static final String PENDING_SENDS = LedgerEventPublisher.class.getName() + ".pending";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> kafka;
    private final ThreadLocal<EnvelopeWriter> envelopes;

    private final Serializer eventSerializer;
    /** Writes and sends the records ({@code ledger-events-sender}) while the processor's thread reads on. */
    private final OrderedHandOver sender = new OrderedHandOver("ledger-events-sender");

    public LedgerEventPublisher(KafkaTemplate<String, byte[]> kafka, ObjectMapper json,
                                @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.kafka = kafka;
        this.envelopes = ThreadLocal.withInitial(() -> new EnvelopeWriter(json.getFactory()));
        this.eventSerializer = eventSerializer;
    }

    /**
     * On the processor's thread only the hand-over: the record is written and sent on the outbox's sender
     * thread ({@link #send}), in stream order, while the processor reads on (ADR 0002).
     */
    @EventHandler
    public void on(EventMessage<?> message, TrackingToken token) {
        if (!(message instanceof DomainEventMessage<?> domain)) {
            return;
        }
        pending().add(new Outgoing(domain, token == null ? -1 : token.position().orElse(-1)));
    }

    /** One event on its way to the sender thread. */
    private record Outgoing(DomainEventMessage<?> domain, long globalIndex) {
    }

    /**
     * On the sender thread, in stream order. The payload is never deserialized here: the JSON stored in the
     * event store (written by the same ObjectMapper) goes into the envelope as it is. Deserializing every
     * event into its record and turning it back into a tree was most of this processor's CPU, which the
     * write path on the same cores paid for. (A message read from the store is immutable but for lazily
     * cached values that Axon keeps thread-safe, so the processor's thread may read it meanwhile.)
     */
    private void send(DomainEventMessage<?> domain, long globalIndex, List<CompletableFuture<?>> sends) {
        Class<?> payloadType = domain.getPayloadType();
        byte[] envelope = envelopes.get().write(
                domain.getIdentifier(),
                CardEvent.class.isAssignableFrom(payloadType) ? "Card" : "Wallet",
                domain.getAggregateIdentifier(),
                domain.getSequenceNumber(),
                globalIndex,
                payloadType.getSimpleName(),
                domain.getTimestamp(),
                storedPayload(domain));
        CompletableFuture<?> sent = kafka.send(new ProducerRecord<>(Topics.LEDGER_EVENTS, null, domain.getAggregateIdentifier(), envelope,
                CloudEventHeaders.of(domain.getAggregateIdentifier(), domain.getSequenceNumber(), payloadType,
                        domain.getTimestamp(), CloudEventHeaders.storedTraceparent(domain, eventSerializer))));
        sends.add(sent);
    }

    /**
     * The payload's JSON as stored (after upcasting, if an upcaster ever applies), embedded
     * verbatim in the {@link LedgerEventEnvelope}. Only if the message was not serialized by the
     * event serializer (never, for events read from the store) is the payload serialized here.
     */
    private byte[] storedPayload(DomainEventMessage<?> domain) {
        return domain.serializePayload(eventSerializer, byte[].class).getData();
    }

    /**
     * This batch's events on their way to the sender thread, and its sends: at prepare-commit the processor
     * waits until every event has been sent and acknowledged, before the batch's token is stored.
     */
    private OrderedHandOver.Batch<Outgoing> pending() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            OrderedHandOver.Batch<Outgoing> batch = sender.batch(o -> send(o.domain(), o.globalIndex(), sends));
            root.onPrepareCommit(u -> awaitAll(batch, sends));
            return batch;
        });
    }

    @PreDestroy
    void stop() {
        sender.close();
    }

    /**
     * Waits until the sender thread has sent every event of the batch (a send that fails there fails the
     * batch, which is retried: before, an exception in the handler was only logged by Axon's default error
     * handler) and flushed the producer, which sends the batch's last records at once instead of after
     * {@code linger.ms} (the last partly filled partition batches sat that out at the end of every batch);
     * then checks that every send was acknowledged. The flush runs on the sender thread: without a broker it
     * blocks until {@code delivery.timeout.ms}, but the processor's thread waits no longer than 30 s, as before.
     */
    private void awaitAll(OrderedHandOver.Batch<Outgoing> batch, List<CompletableFuture<?>> sends) {
        try {
            batch.await(SEND_TIMEOUT, kafka::flush);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while ledger events were sent; the batch will be retried", e);
        } catch (Exception e) {
            throw new IllegalStateException("Ledger events could not be sent; the batch will be retried", e);
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge ledger events; the batch will be retried", e);
        }
    }
}
