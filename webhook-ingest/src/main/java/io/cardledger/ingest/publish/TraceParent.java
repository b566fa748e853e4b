package io.cardledger.ingest.publish;

/**
 * W3C Trace Context ({@code traceparent}, version 00) for the record a webhook becomes: the caller's
 * trace continued with a new span when it sent a valid header, a new trace otherwise. The value travels
 * as the Kafka header {@code traceparent} of the raw record, so the hop from the issuer's call to the
 * stored record can be joined with the caller's traces (no exporter needed for that). Costs two random
 * longs and a 55-character string per webhook: no allocation-heavy tracing library on this path.
 * The rules are common-events' {@link io.cardledger.events.trace.TraceParent}, shared with the ledger and
 * the projection (docs/adr/0012-trace-context.md).
 */
public final class TraceParent {
    public static final String HEADER = io.cardledger.events.trace.TraceParent.HEADER;

    private TraceParent() {
    }

    /** {@code 00-<trace id>-<new span id>-<flags>}: the incoming trace id and flags if {@code incoming} is valid. */
    public static String continueOrStart(String incoming) {
        return io.cardledger.events.trace.TraceParent.continueOrStart(incoming);
    }

    static boolean isValid(String value) {
        return io.cardledger.events.trace.TraceParent.isValid(value);
    }
}
