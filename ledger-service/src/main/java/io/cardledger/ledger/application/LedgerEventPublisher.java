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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The outbox: a tracking event processor reads the event store in order and publishes every
 * event to {@link Topics#LEDGER_EVENTS}, keyed by its aggregate. Sends of one batch are awaited
 * before the processor's token is stored, so an event is published at least once and, per
 * aggregate, in order. Publishing here, not in the command's thread, keeps Kafka off the write path.
 * Each record carries the event's CloudEvents attributes as headers ({@link CloudEventHeaders}).
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

    private final KafkaTemplate<String, byte[]> kafka;
    private final ThreadLocal<EnvelopeWriter> envelopes;

    private final Serializer eventSerializer;

    public LedgerEventPublisher(KafkaTemplate<String, byte[]> kafka, ObjectMapper json,
                                @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.kafka = kafka;
        this.envelopes = ThreadLocal.withInitial(() -> new EnvelopeWriter(json.getFactory()));
        this.eventSerializer = eventSerializer;
    }

    /**
     * The payload is never deserialized here: the JSON stored in the event store (written by the
     * same ObjectMapper) goes into the envelope as it is. Deserializing every event into its record
     * and turning it back into a tree was most of this processor's CPU, which the write path on the
     * same cores paid for.
     */
    @EventHandler
    public void on(EventMessage<?> message, TrackingToken token) {
        if (!(message instanceof DomainEventMessage<?> domain)) {
            return;
        }
        Class<?> payloadType = domain.getPayloadType();
        byte[] envelope = envelopes.get().write(
                domain.getIdentifier(),
                CardEvent.class.isAssignableFrom(payloadType) ? "Card" : "Wallet",
                domain.getAggregateIdentifier(),
                domain.getSequenceNumber(),
                token == null ? -1 : token.position().orElse(-1),
                payloadType.getSimpleName(),
                domain.getTimestamp(),
                storedPayload(domain));
        CompletableFuture<?> sent = kafka.send(new ProducerRecord<>(Topics.LEDGER_EVENTS, null, domain.getAggregateIdentifier(), envelope,
                CloudEventHeaders.of(domain.getAggregateIdentifier(), domain.getSequenceNumber(), payloadType,
                        domain.getTimestamp())));
        pendingSends().add(sent);
    }

    /**
     * The payload's JSON as stored (after upcasting, if an upcaster ever applies), embedded
     * verbatim in the {@link LedgerEventEnvelope}. Only if the message was not serialized by the
     * event serializer (never, for events read from the store) is the payload serialized here.
     */
    private byte[] storedPayload(DomainEventMessage<?> domain) {
        return domain.serializePayload(eventSerializer, byte[].class).getData();
    }

    /** Collected per batch and awaited before the batch's token is committed. */
    private List<CompletableFuture<?>> pendingSends() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            root.onPrepareCommit(u -> awaitAll(sends));
            return sends;
        });
    }

    /**
     * Sends the batch's last records at once (a flush does not wait for {@code linger.ms}, which the last
     * partly filled partition batches would otherwise sit out at the end of every batch), then checks that
     * every send was acknowledged.
     */
    private void awaitAll(List<CompletableFuture<?>> sends) {
        kafka.flush();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge ledger events; the batch will be retried", e);
        }
    }
}
