package io.cardledger.projection.bench;

import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.projection.LedgerFixtures;
import io.cardledger.projection.LedgerFixtures.CardLine;
import io.cardledger.projection.LedgerFixtures.CardStream;
import io.cardledger.projection.LedgerFixtures.WalletStream;
import io.cardledger.projection.ProjectionServiceApplication;
import io.cardledger.projection.rebuild.RebuildService;
import io.cardledger.projection.rebuild.ShadowSchema;
import io.cardledger.projection.rebuild.RebuildStatus;
import io.cardledger.testing.SharedInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark, not a test: rebuild speed over a large ledger topic, beside the physical limit of
 * the same rows loaded with a raw PostgreSQL COPY.
 *
 * <p>Starts the shared test infrastructure (a real KRaft broker, a real PostgreSQL with fsync on),
 * fills a topic of its own with {@code events} ledger envelopes shaped as the ledger publishes them
 * (wallets with pay-ins, pay-outs and card movements; cards with their notifications, raw issuer
 * body included), starts projection-service in this JVM with its live consumer off, and runs one
 * rebuild through {@link RebuildService}. Then it exports the rebuilt tables with COPY TO (binary)
 * and times COPY FROM of the very same rows into fresh tables with the same index strategy (load,
 * then build indexes): the floor any rebuild through PostgreSQL can reach.
 *
 * <pre>bench/projection-rebuild.sh [events] [wallets]</pre>
 */
public final class RebuildBenchmark {

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            if (a.contains("=")) {
                args.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        int status = 1;
        try {
            run(Long.parseLong(args.getOrDefault("events", "1000000")), Integer.parseInt(args.getOrDefault("wallets", "20000")));
            status = 0;
        } finally {
            // The in-process broker's threads are not daemons: end the JVM whatever happened.
            System.exit(status);
        }
    }

    private static void run(long events, int wallets) throws Exception {
        SharedInfra infra = SharedInfra.get();
        String run = Long.toString(System.currentTimeMillis(), 36);
        String database = "rebuild_bench_" + run;
        String topic = "bench.ledger-events." + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        }
        long produced = produce(infra, topic, events, wallets);

        Map<String, Object> props = new LinkedHashMap<>(infra.springProperties(database));
        props.put("spring.datasource.url", infra.jdbcUrl(database) + "?reWriteBatchedInserts=true");
        props.put("server.port", "0");
        props.put("cardledger.rebuild.topic", topic);
        props.put("spring.kafka.listener.auto-startup", "false");
        props.put("logging.level.root", "WARN");
        props.put("logging.level.io.cardledger.projection.rebuild", "INFO");
        props.put("spring.main.banner-mode", "off");
        String[] serviceArgs = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(ProjectionServiceApplication.class).run(serviceArgs)) {
            RebuildService rebuilds = service.getBean(RebuildService.class);
            RebuildStatus s = rebuilds.start();
            while (!s.phase().finished()) {
                Thread.sleep(1000);
                s = rebuilds.status(s.id()).orElseThrow();
                System.out.printf("  %-9s %,d/%,d events  %,d events/s%n", s.phase(), s.eventsRead(), s.eventsTotal(), s.eventsPerSecond());
            }
            if (s.phase() != RebuildStatus.Phase.DONE) {
                throw new IllegalStateException("Rebuild failed: " + s.detail());
            }
            JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : ShadowSchema.TABLES) {
                rows.put(table, jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class));
            }
            CopyTimes copy = copyReference(service.getBean(DataSource.class), jdbc);

            long rebuildMillis = s.elapsedMillis();
            System.out.printf("%nMachine: %d cores; broker, PostgreSQL (fsync on) and the service share them.%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("Topic: %,d events (%d wallets, one card each), 4 partitions. Rows written: %s%n", produced, wallets, rows);
            System.out.printf("%n| | time | events/s |%n|---|---:|---:|%n");
            System.out.printf("| rebuild: replay (read, decode, apply, COPY/upsert) | %.1f s | %,d |%n",
                    s.readMillis() / 1000.0, s.eventsPerSecond());
            System.out.printf("| rebuild: build indexes + ANALYZE | %.1f s | |%n", s.indexMillis() / 1000.0);
            System.out.printf("| rebuild: switch-over (live polls held back) | %.2f s | |%n", s.switchMillis() / 1000.0);
            System.out.printf("| **rebuild, end to end** (incl. creating tables) | %.1f s | **%,d** |%n",
                    rebuildMillis / 1000.0, s.eventsRead() * 1000 / Math.max(1, rebuildMillis));
            System.out.printf("| raw COPY FROM of the same rows (binary) | %.1f s | %,d |%n",
                    copy.loadMillis / 1000.0, produced * 1000 / Math.max(1, copy.loadMillis));
            System.out.printf("| raw COPY + build indexes + ANALYZE (physical-limit reference) | %.1f s | **%,d** |%n",
                    copy.totalMillis() / 1000.0, produced * 1000 / Math.max(1, copy.totalMillis()));
        }
    }

    private record CopyTimes(long loadMillis, long indexMillis) {
        long totalMillis() {
            return loadMillis + indexMillis;
        }
    }

    /** The same rows, exported and loaded again with COPY alone: what PostgreSQL itself needs. */
    private static CopyTimes copyReference(DataSource dataSource, JdbcTemplate jdbc) throws Exception {
        String schema = "copy_reference";
        Map<String, Path> files = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            PGConnection pg = c.unwrap(PGConnection.class);
            for (String table : ShadowSchema.TABLES) {
                Path file = Files.createTempFile("copy-" + table, ".bin");
                try (OutputStream out = Files.newOutputStream(file)) {
                    pg.getCopyAPI().copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", out);
                }
                files.put(table, file);
            }
        }
        jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).locations("classpath:db/migration").load().migrate();
        List<String> restore = ShadowSchema.dropIndexesForLoad(jdbc, schema);
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            PGConnection pg = c.unwrap(PGConnection.class);
            for (var e : files.entrySet()) {
                try (InputStream in = Files.newInputStream(e.getValue())) {
                    pg.getCopyAPI().copyIn("COPY " + schema + "." + e.getKey() + " FROM STDIN (FORMAT binary)", in);
                }
            }
        }
        long loaded = System.nanoTime();
        jdbc.execute("SET maintenance_work_mem = '256MB'");
        restore.forEach(jdbc::execute);
        for (String table : ShadowSchema.TABLES) {
            jdbc.execute("ANALYZE " + schema + "." + table);
        }
        long indexed = System.nanoTime();
        for (Path f : files.values()) {
            Files.deleteIfExists(f);
        }
        return new CopyTimes((loaded - start) / 1_000_000, (indexed - loaded) / 1_000_000);
    }

    /**
     * Registers every wallet and its card, then mixes card notifications (one card event and one
     * wallet event each: 70%), pay-ins (20%) and pay-outs (10%) until {@code events} are on the topic.
     */
    private static long produce(SharedInfra infra, String topic, long events, int wallets) throws Exception {
        long started = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            List<WalletStream> walletStreams = new ArrayList<>(wallets);
            List<CardStream> cardStreams = new ArrayList<>(wallets);
            List<LedgerEventEnvelope> batch = new ArrayList<>();
            for (int i = 0; i < wallets; i++) {
                WalletStream w = new WalletStream("bench-w-" + i, "EUR");
                CardStream c = new CardStream("bench-c-" + i, w.walletId);
                walletStreams.add(w);
                cardStreams.add(c);
                batch.add(w.registered("bench-u-" + i));
                batch.add(c.registered("bench-u-" + i));
            }
            SplittableRandom random = new SplittableRandom(42);
            long c11 = 100_000;
            while (sent + batch.size() < events) {
                for (LedgerEventEnvelope e : batch) {
                    producer.send(new ProducerRecord<>(topic, e.aggregateId(), LedgerFixtures.bytes(e)), (m, ex) -> {
                        if (ex != null) {
                            failed.incrementAndGet();
                        }
                    });
                }
                sent += batch.size();
                batch.clear();
                int i = random.nextInt(wallets);
                WalletStream w = walletStreams.get(i);
                int dice = random.nextInt(100);
                if (dice < 70) {
                    long amount = 100 + random.nextInt(20_000);
                    String tx = Long.toString(c11++);
                    LocalDateTime c7 = LocalDateTime.now();
                    batch.add(cardStreams.get(i).recorded("PeticionAutorizacion", tx, "A" + (tx.hashCode() & 0xffff), "MERCADONA " + (i % 97),
                            amount, -amount, amount, new AuthorizationView(tx, AuthorizationStatus.PENDING, amount, amount, 0, 0), Set.of(), c7));
                    batch.add(w.card(new CardLine(cardStreams.get(i).cardId, "n-" + tx, "PeticionAutorizacion", tx, "A1",
                            "MERCADONA " + (i % 97), "0001752" + (i % 97), "5411", amount, -amount, amount,
                            AuthorizationStatus.PENDING, Set.of(), c7)));
                } else if (dice < 90) {
                    batch.add(w.payIn("pi-" + sent, 5_000 + random.nextInt(50_000), Instant.now()));
                } else {
                    batch.add(w.payOut("po-" + sent, 100 + random.nextInt(5_000), Instant.now()));
                }
            }
            for (LedgerEventEnvelope e : batch) {
                producer.send(new ProducerRecord<>(topic, e.aggregateId(), LedgerFixtures.bytes(e)));
            }
            sent += batch.size();
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " events did not reach the topic");
        }
        System.out.printf("Produced %,d events in %.1f s%n", sent, (System.nanoTime() - started) / 1e9);
        return sent;
    }
}
