package io.cardledger.ingest.publish;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Kafka did not acknowledge a record in time; the webhook must be answered 503 so the issuer retries. */
public class PublishNotAcknowledgedException extends RuntimeException {
    public PublishNotAcknowledgedException(String topic, Throwable cause) {
        super(describe(topic, unwrap(cause)), unwrap(cause));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static String describe(String topic, Throwable cause) {
        String why = cause instanceof TimeoutException ? "no acknowledgement within the publish timeout"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return "Kafka did not acknowledge the record on " + topic + " (" + why + ")";
    }
}
