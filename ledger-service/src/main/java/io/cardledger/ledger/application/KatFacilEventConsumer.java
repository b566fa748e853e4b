package io.cardledger.ledger.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.ledger.parking.ParkingConfig;
import io.cardledger.support.parking.ParkedRecords;
import io.cardledger.support.parking.PoisonSplitter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code cardledger.katfacil-events.v1} and applies it through {@link KatFacilOperations}. Its
 * own topic and listener (docs/adr/0009-katfacil-topic.md), so PayCaddy's raw-notification consumer,
 * the ledger's hot path, does not change at all. Same guarantees: one poll is one transaction, offsets
 * are committed after it, a redelivery is a no-op (event keys), transient failures are retried in
 * order and a record that fails on its own is parked (consumer {@value ParkingConfig#KATFACIL}).
 */
@Component
public class KatFacilEventConsumer {
    private static final Logger log = LoggerFactory.getLogger(KatFacilEventConsumer.class);
    private final KatFacilOperations katFacil;
    private final ObjectMapper json;
    private final PoisonSplitter splitter;
    private final ParkedRecords parked;
    private final Counter applied;
    private final Counter withoutCard;

    public KatFacilEventConsumer(KatFacilOperations katFacil, ObjectMapper json, MeterRegistry metrics, PoisonSplitter splitter,
                                 ParkedRecords parked) {
        this.katFacil = katFacil;
        this.json = json;
        this.splitter = splitter;
        this.parked = parked;
        this.applied = Counter.builder("cardledger.ledger.katfacil.applied")
                .description("KatFacil events applied to the ledger").register(metrics);
        this.withoutCard = Counter.builder("cardledger.ledger.katfacil.without.card")
                .description("KatFacil events that name no card: kept in the raw log, applied to no card").register(metrics);
    }

    private record Read(ConsumerRecord<String, byte[]> record, RawKatFacilEvent raw) {
    }

    @KafkaListener(id = "ledger-katfacil-events", topics = Topics.KATFACIL_EVENTS, batch = "true",
            autoStartup = "${cardledger.ledger.consume:true}", concurrency = "${cardledger.ledger.katfacil-concurrency:1}")
    public void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<Read> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                RawKatFacilEvent raw = read(record.value());
                if (raw.event().cardId() == null) {
                    withoutCard.increment();
                    log.warn("KatFacil event {} ({}) names no card: kept in the raw log, applied to no card", raw.eventKey(),
                            raw.event().kind());
                } else {
                    batch.add(new Read(record, raw));
                }
            } catch (IOException | RuntimeException e) {
                parked.park(ParkingConfig.KATFACIL, record, e);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        int[] parkedHere = {0};
        splitter.apply(batch, part -> katFacil.record(part.stream().map(Read::raw).toList(),
                part.stream().map(r -> Traced.of(r.record())).toList()), (r, failure) -> {
            parked.park(ParkingConfig.KATFACIL, r.record(), failure);
            parkedHere[0]++;
        });
        applied.increment(batch.size() - parkedHere[0]);
    }

    /** An analyst's re-drive of a parked record (with its traceparent, or null): applied alone, idempotent like any redelivery. */
    public void redrive(byte[] value, String traceparent) throws IOException {
        katFacil.record(List.of(read(value)), java.util.Collections.singletonList(traceparent));
    }

    private RawKatFacilEvent read(byte[] value) throws IOException {
        if (value == null) {
            throw new IOException("the record has no value (a tombstone), not a KatFacil event");
        }
        RawKatFacilEvent raw = json.readValue(value, RawKatFacilEvent.class);
        if (raw == null || raw.event() == null || raw.eventKey() == null) {
            throw new IOException("the record is not a KatFacil event with a typed view and a key");
        }
        return raw;
    }
}
