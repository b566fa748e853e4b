package io.cardledger.projection.consume;

import org.slf4j.MDC;

/**
 * The log MDC key {@value #KEY}: the W3C trace id of the ledger event being applied or reported, so a
 * log line about one event can be joined with the webhook that caused it (docs/adr/0012-trace-context.md).
 * Printed by {@code logging.pattern.correlation}. Nothing is put when the event has no trace id.
 */
final class TraceLogging {
    static final String KEY = "traceId";

    private TraceLogging() {
    }

    static void during(String traceId, Runnable work) {
        if (traceId == null) {
            work.run();
            return;
        }
        MDC.put(KEY, traceId);
        try {
            work.run();
        } finally {
            MDC.remove(KEY);
        }
    }
}
