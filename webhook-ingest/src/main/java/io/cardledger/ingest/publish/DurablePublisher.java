package io.cardledger.ingest.publish;

import io.cardledger.ingest.IngestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Appends a record to Kafka and completes only when the broker has acknowledged it (the producer
 * runs with acks=all and idempotence, see application.yml), or fails after the publish timeout.
 *
 * <p>The caller gets a future rather than blocking, so a request thread is not parked for the
 * length of a Kafka round trip; the producer batches concurrent requests (linger.ms) meanwhile.
 *
 * <p>A timeout does not un-send: a record can still land after the caller answered 503. That is
 * safe because the issuer retries with the same body and the notification id is derived from the
 * body, so the ledger counts the two copies once.
 */
@Component
public class DurablePublisher {
    private final KafkaTemplate<String, byte[]> kafka;
    private final long timeoutNanos;
    private final Timer acknowledged;
    private final Timer failed;

    public DurablePublisher(KafkaTemplate<String, byte[]> kafka, IngestProperties properties, MeterRegistry meters) {
        this.kafka = kafka;
        this.timeoutNanos = properties.publishTimeout().toNanos();
        this.acknowledged = publishTimer(meters, "acknowledged");
        this.failed = publishTimer(meters, "failed");
    }

    private static Timer publishTimer(MeterRegistry meters, String outcome) {
        return Timer.builder("cardledger.ingest.kafka.publish")
                .description("Time from handing a webhook to the Kafka producer until the broker acknowledged it (acks=all)")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
    }

    public CompletableFuture<Void> publish(String topic, String key, byte[] value) {
        return publish(topic, key, value, null);
    }

    /** @param traceparent W3C trace context of the webhook (see {@link TraceParent}), a Kafka header of the record; null for none */
    public CompletableFuture<Void> publish(String topic, String key, byte[] value, String traceparent) {
        long started = System.nanoTime();
        CompletableFuture<?> sent;
        try {
            // send() itself can block up to max.block.ms while it has no metadata for the topic.
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            if (traceparent != null) {
                record.headers().add(TraceParent.HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
            }
            sent = kafka.send(record);
        } catch (RuntimeException e) {
            failed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return CompletableFuture.failedFuture(new PublishNotAcknowledgedException(topic, e));
        }
        long remaining = timeoutNanos - (System.nanoTime() - started);
        return sent.orTimeout(Math.max(remaining, 1), TimeUnit.NANOSECONDS).handle((result, error) -> {
            long elapsed = System.nanoTime() - started;
            if (error != null) {
                failed.record(elapsed, TimeUnit.NANOSECONDS);
                throw new PublishNotAcknowledgedException(topic, error);
            }
            acknowledged.record(elapsed, TimeUnit.NANOSECONDS);
            return null;
        });
    }
}
