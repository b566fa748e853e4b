package io.cardledger.ledger.application;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.events.notification.RawNotification;
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
import java.util.List;

/**
 * Reads the raw-notification log and applies it. One poll is one unit of work and one database
 * transaction; the offsets are committed only after it (at-least-once), and the card's memory of
 * applied notification ids turns the redelivery after a crash into a no-op (exactly-once effect).
 */
@Component
public class RawNotificationConsumer {
    private static final Logger log = LoggerFactory.getLogger(RawNotificationConsumer.class);

    private final LedgerOperations ledger;
    private final ObjectMapper json;
    private final boolean perNotificationTransactions;
    private final Counter applied;
    private final Counter unreadable;
    private final Timer batchTimer;

    public RawNotificationConsumer(LedgerOperations ledger, ObjectMapper json, MeterRegistry metrics,
                                   @Value("${cardledger.ledger.transaction-per-notification:false}") boolean perNotificationTransactions) {
        this.ledger = ledger;
        this.json = json;
        this.perNotificationTransactions = perNotificationTransactions;
        this.applied = Counter.builder("cardledger.ledger.notifications.applied")
                .description("Raw notifications applied to the ledger").register(metrics);
        this.unreadable = Counter.builder("cardledger.ledger.notifications.unreadable")
                .description("Records on the raw topic that are not a readable notification (skipped, kept in Kafka)")
                .register(metrics);
        this.batchTimer = Timer.builder("cardledger.ledger.batch.duration")
                .description("Time to apply one Kafka poll in one transaction").publishPercentileHistogram().register(metrics);
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
        List<RawNotification> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(read(record.value()));
            } catch (IOException e) {
                // Ingest validated it, so this is a bug or a foreign producer; the record stays in Kafka for replay.
                unreadable.increment();
                log.error("Unreadable record on {} partition {} offset {}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        batchTimer.record(() -> {
            if (perNotificationTransactions) {
                // The naive mode, kept for the side-by-side benchmark: one transaction per notification.
                batch.forEach(n -> ledger.recordNotifications(List.of(n)));
            } else {
                ledger.recordNotifications(batch);
            }
        });
        applied.increment(batch.size());
    }

    /** The notification; its bytes are kept for the card event only if they are exactly one JSON value. */
    private RawNotification read(byte[] value) throws IOException {
        try (JsonParser parser = json.createParser(value)) {
            RawNotification raw = json.readValue(parser, RawNotification.class);
            if (raw == null) {
                throw new IOException("the record is JSON null, not a notification");
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
