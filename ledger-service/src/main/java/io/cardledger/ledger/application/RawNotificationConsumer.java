package io.cardledger.ledger.application;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.parking.ParkingConfig;
import io.cardledger.support.parking.ParkedRecords;
import io.cardledger.support.parking.PoisonSplitter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads the raw-notification log and applies it. One poll is one unit of work and one database
 * transaction; the offsets are committed only after it (at-least-once), and the card's memory of
 * applied notification ids turns the redelivery after a crash into a no-op (exactly-once effect).
 *
 * <p>A poll that fails for a transient reason (database or broker unreachable, a conflict with
 * another writer) is thrown to the container's error handler, which retries it with back-off
 * for as long as it takes, in order. A poll that fails for any other reason is split until the
 * records that fail on their own are found ({@link PoisonSplitter}); those are parked in
 * {@code parked_record} with their reason and the rest of the poll is applied. A record that is
 * not a readable notification is parked at once. Each record's W3C {@code traceparent} header goes
 * with its notification into the ledger's events ({@link Traced}).
 */
@Component
public class RawNotificationConsumer {
    private static final Logger log = LoggerFactory.getLogger(RawNotificationConsumer.class);
    private final LedgerOperations ledger;
    private final ObjectMapper json;
    private final PoisonSplitter splitter;
    private final ParkedRecords parked;
    private final boolean perNotificationTransactions;
    private final Counter applied;
    private final Timer batchTimer;
    private final Counter retried;

    public RawNotificationConsumer(LedgerOperations ledger, ObjectMapper json, MeterRegistry metrics,
                                   PoisonSplitter splitter, ParkedRecords parked,
                                   @Value("${cardledger.ledger.transaction-per-notification:false}") boolean perNotificationTransactions) {
        this.ledger = ledger;
        this.json = json;
        this.splitter = splitter;
        this.parked = parked;
        this.perNotificationTransactions = perNotificationTransactions;
        this.applied = Counter.builder("cardledger.ledger.notifications.applied")
                .description("Raw notifications applied to the ledger").register(metrics);
        this.retried = Counter.builder("cardledger.consumer.transient.failures").tag("consumer", ParkingConfig.LEDGER)
                .description("Polls that failed for a transient reason and are retried whole, with back-off").register(metrics);
        this.batchTimer = Timer.builder("cardledger.ledger.batch.duration")
                .description("Time to apply one Kafka poll in one transaction").publishPercentileHistogram().register(metrics);
    }

    private record Read(ConsumerRecord<String, byte[]> record, RawNotification raw) {
    }

    @KafkaListener(id = "ledger-raw-notifications", topics = Topics.RAW_NOTIFICATIONS, batch = "true",
            autoStartup = "${cardledger.ledger.consume:true}", concurrency = "${cardledger.ledger.concurrency:3}")
    public void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        try {
            apply(records);
        } finally {
            VerbatimRawNotifications.forget();
        }
    }

    private void apply(List<ConsumerRecord<String, byte[]>> records) {
        List<Read> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(new Read(record, read(record.value())));
            } catch (IOException | RuntimeException e) {
                // Ingest validated it, so this is a bug or a foreign producer: it fails every time.
                parked.park(ParkingConfig.LEDGER, record, e);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        int[] parkedHere = {0};
        try {
            batchTimer.record(() -> splitter.apply(batch, this::applyInOrder, (r, failure) -> {
                parked.park(ParkingConfig.LEDGER, r.record(), failure);
                parkedHere[0]++;
            }));
        } catch (RuntimeException transientFailure) {
            // Only transient failures leave the splitter: the container retries the poll with back-off.
            retried.increment();
            log.warn("Poll of {} records failed for a transient reason, retried with back-off: {}", records.size(),
                    transientFailure.toString());
            throw transientFailure;
        }
        applied.increment(batch.size() - parkedHere[0]);
    }

    private void applyInOrder(List<Read> part) {
        if (perNotificationTransactions) {
            // The naive mode, kept for the side-by-side benchmark: one transaction per notification.
            part.forEach(r -> ledger.recordNotifications(List.of(r.raw()), Collections.singletonList(Traced.of(r.record()))));
        } else {
            List<RawNotification> raws = new ArrayList<>(part.size());
            List<String> traceparents = new ArrayList<>(part.size());
            for (Read r : part) {
                raws.add(r.raw());
                traceparents.add(Traced.of(r.record()));
            }
            ledger.recordNotifications(raws, traceparents);
        }
    }

    /**
     * Applies one stored record's value through the same path as a poll, alone, in its own unit
     * of work (an analyst's re-drive of a parked record). Idempotent like any redelivery.
     *
     * @param traceparent the parked record's valid {@code traceparent}, or null
     * @throws IOException when the value is not a readable notification
     */
    public void redrive(byte[] value, String traceparent) throws IOException {
        try {
            RawNotification raw = read(value);
            ledger.recordNotifications(List.of(raw), Collections.singletonList(traceparent));
        } finally {
            VerbatimRawNotifications.forget();
        }
    }

    /** The notification; its bytes are kept for the card event only if they are exactly one JSON value. */
    private RawNotification read(byte[] value) throws IOException {
        if (value == null) {
            throw new IOException("the record has no value (a tombstone), not a notification");
        }
        try (JsonParser parser = json.createParser(value)) {
            RawNotification raw = json.readValue(parser, RawNotification.class);
            if (raw == null) {
                throw new IOException("the record is JSON null, not a notification");
            }
            if (raw.notification() == null || raw.notification().cardId() == null) {
                throw new IOException("the record has no typed notification with a card id");
            }
            if (endsHere(parser)) {
                VerbatimRawNotifications.remember(raw, value);
            }
            return raw;
        }
    }

    private static boolean endsHere(JsonParser parser) {
        try {
            return parser.nextToken() == null;
        } catch (IOException trailingGarbage) {
            return false;
        }
    }
}
