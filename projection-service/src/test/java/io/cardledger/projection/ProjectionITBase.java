package io.cardledger.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.Topics;
import io.cardledger.testing.SharedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Every integration test shares this one Spring context (same configuration, so the test
 * framework caches it), the shared Kafka broker and the shared PostgreSQL database. Tests keep
 * apart by using their own wallet, card and user ids.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cardledger.security.service-token=" + ProjectionITBase.SERVICE_TOKEN,
        "cardledger.security.analyst-token=" + ProjectionITBase.ANALYST_TOKEN,
        // The read path's warm-up runs, briefly: it must not stand in the way of starting.
        "cardledger.projection.warm-up.requests=500"})
public abstract class ProjectionITBase {
    public static final String SERVICE_TOKEN = "it-service-token";
    public static final String ANALYST_TOKEN = "it-analyst-token";
    protected static final Duration PROJECTED = Duration.ofSeconds(20);
    private static volatile KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        SharedInfra.get().springProperties("projection").forEach((k, v) -> registry.add(k, () -> v));
        // As in application.yml: the driver rewrites batches into multi-row statements, which
        // changes what PostgreSQL sees (one key twice in one upsert fails), so tests must use it too.
        registry.add("spring.datasource.url", () -> SharedInfra.get().jdbcUrl("projection") + "?reWriteBatchedInserts=true");
    }

    @Autowired
    protected TestRestTemplate http;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected MeterRegistry meters;

    protected static KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (ProjectionITBase.class) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.get().bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.LINGER_MS_CONFIG, 1),
                            new StringSerializer(), new ByteArraySerializer());
                }
            }
        }
        return producer;
    }

    /** Publishes like the ledger does: keyed by aggregate id, waiting until the broker has them. */
    protected static void publish(LedgerEventEnvelope... envelopes) {
        List<Future<?>> sent = new ArrayList<>();
        for (LedgerEventEnvelope e : envelopes) {
            sent.add(producer().send(new ProducerRecord<>(Topics.LEDGER_EVENTS, e.aggregateId(), LedgerFixtures.bytes(e))));
        }
        awaitAll(sent);
    }

    protected static void publishRaw(String topic, String key, byte[] value) {
        awaitAll(List.of(producer().send(new ProducerRecord<>(topic, key, value))));
    }

    private static void awaitAll(List<Future<?>> sent) {
        try {
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not take the test events", e);
        }
    }

    /** GET with the service token; {@code path} is used as written (already percent-encoded), not as a template. */
    protected ResponseEntity<JsonNode> get(String path) {
        return http.exchange(RequestEntity.get(URI.create(path)).header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE_TOKEN).build(),
                JsonNode.class);
    }

    protected double counter(String name, String tag, String value) {
        var c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }
}
