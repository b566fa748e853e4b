package io.cardledger.support.parking;

import java.time.Instant;

/**
 * One parked record as stored in {@code parked_record}. {@code payload} is the record's value as
 * consumed (UTF-8 JSON for both consumers; the raw topic never holds card data, ingest scrubs it).
 * {@code traceparent} is the record's valid W3C {@code traceparent} header, null when it had none: a
 * re-drive carries it on, so the re-driven work joins the webhook's trace (docs/adr/0012-trace-context.md).
 */
public record ParkedRecord(long id, String consumer, String topic, int partition, long offset, String key,
                           byte[] payload, String reason, String exceptionClass, String stackDigest,
                           Instant parkedAt, String status, Instant retriedAt, String traceparent) {
    public static final String PARKED = "PARKED";
    public static final String RETRIED = "RETRIED";
    public static final String RETRY_FAILED = "RETRY_FAILED";
}
