package io.cardledger.ledger.application;

import io.cardledger.events.trace.TraceParent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;

/**
 * The W3C {@code traceparent} of the Kafka record a command comes from, carried as the command's
 * {@value TraceParent#HEADER} metadata. Axon's correlation data ({@code CommandOriginProvider}) copies
 * it onto every event the command's handler applies, so each stored event knows the webhook it came
 * from and the outbox can put it on the ledger-events record (docs/adr/0012-trace-context.md). A poll
 * is one unit of work but every notification is its own command: traces never mix.
 */
final class Traced {
    private Traced() {
    }

    /** {@code command} as a command message with the traceparent, or as it is when there is none. */
    static Object command(Object command, String traceparent) {
        return traceparent == null ? command : new GenericCommandMessage<>(command, MetaData.with(TraceParent.HEADER, traceparent));
    }

    /** The record's valid {@code traceparent} header, or null (absent or invalid: an invalid one is never propagated). */
    static String of(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(TraceParent.HEADER);
        return header == null ? null : TraceParent.fromHeader(header.value());
    }
}
