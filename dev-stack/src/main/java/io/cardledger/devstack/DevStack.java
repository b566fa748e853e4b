package io.cardledger.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure half of {@code ./ledger up}: a real single-node KRaft Kafka broker (the
 * broker classes from Maven Central, not a mock) and a real PostgreSQL server (zonky's packaged
 * PostgreSQL 17 binaries, which run as root too). Data stays under the data directory between
 * runs. Stops both cleanly on SIGINT/SIGTERM.
 *
 * <p>Arguments: {@code <dataDir> <postgresPort> <kafkaPort> [all|kafka|postgres]}. With a role it runs
 * only that half, so that the broker and the database are separate processes that can be killed and
 * restarted one without the other ({@code ./ledger up} runs them so; {@code ./ledger chaos} relies on it).
 * It prints {@code READY} once what it runs accepts connections.
 */
public final class DevStack {
    private static final Logger log = LoggerFactory.getLogger(DevStack.class);
    private static final List<String> DATABASES = List.of("ledger", "projection");

    private DevStack() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args.length > 0 ? args[0] : ".ledger-data").toAbsolutePath();
        int pgPort = Integer.parseInt(args.length > 1 ? args[1] : "15432");
        int kafkaPort = Integer.parseInt(args.length > 2 ? args[2] : "19092");
        String role = args.length > 3 ? args[3] : "all";
        if (!List.of("all", "kafka", "postgres").contains(role)) {
            System.err.println("usage: dev-stack <dataDir> <postgresPort> <kafkaPort> [all|kafka|postgres]");
            System.exit(2);
        }
        boolean runPg = !role.equals("kafka");
        boolean runKafka = !role.equals("postgres");

        EmbeddedPostgres pg = runPg ? startPostgres(dataDir.resolve("postgres"), dataDir.resolve("pg-binaries"), pgPort) : null;
        KafkaRaftServer kafka = runKafka ? startKafka(dataDir.resolve("kafka"), kafkaPort) : null;
        log.info("READY{}{}", runPg ? " postgres=localhost:" + pgPort : "", runKafka ? " kafka=localhost:" + kafkaPort : "");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (kafka != null) {
                log.info("Stopping Kafka");
                kafka.shutdown();
                kafka.awaitShutdown();
            }
            if (pg != null) {
                log.info("Stopping PostgreSQL");
                try {
                    pg.close();
                } catch (IOException e) {
                    log.warn("PostgreSQL did not stop cleanly", e);
                }
            }
            stopped.countDown();
        }, "dev-stack-shutdown"));
        stopped.await();
    }

    private static EmbeddedPostgres startPostgres(Path dir, Path binaries, int port) throws Exception {
        Files.createDirectories(dir);
        Files.createDirectories(binaries);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                // The binaries are unpacked under the data directory, not the shared system temp directory:
                // `./ledger up --fresh` then really starts from nothing, and never depends on a test run
                // having unpacked them before.
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "200")
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String db : DATABASES) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                    if (!rs.next()) {
                        s.execute("CREATE DATABASE " + db);
                    }
                }
            }
        }
        log.info("PostgreSQL up on {} (data in {})", port, dir);
        return pg;
    }

    private static KafkaRaftServer startKafka(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        int controllerPort = port + 1;
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("num.partitions", "4");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // Write the logs to disk every second from the broker's scheduler thread (off the produce path)
        // instead of leaving it to the kernel. With the kernel's defaults (dirty pages expire after 30 s,
        // per file) a segment's last 30 s went out in one burst of 200+ MB, during which the VM lost CPU
        // to the I/O: webhook-ingest's acknowledgements stalled for up to ~70 ms and the broker's own
        // fsyncs took 300+ ms (docs/benchmarks-ingest.md). A single-node broker also loses at most a
        // second of acknowledged records on a power cut instead of 30 s.
        p.put("log.flush.interval.ms", "1000");
        p.put("log.flush.scheduler.interval.ms", "1000");
        // The broker heartbeats to its controller, here in the same process. With the default 9 s a broker
        // starved of CPU (a 2-core machine shared with builds, load 30-40) missed its heartbeats, was fenced
        // by its own controller ("processExpiredBrokerHeartbeat: controller event queue overloaded") and
        // took no writes until restarted. Fencing exists to move leadership to another broker; a single
        // node has none to move it to, so waiting longer costs little and the broker stays writable.
        // What it does cost: a broker restarted after a crash (kill -9) cannot register until the session of
        // its dead incarnation, which the restarted controller starts counting at its activation, has
        // expired ("Another broker is registered with that broker id"). At 30 s the broker was back 31.8 s
        // after a kill -9 (docs/reliability.md); 15 s halves that and still leaves the starved broker 15 s
        // (Kafka's default: 9 s).
        p.put("broker.session.timeout.ms", "15000");
        // -Ddevstack.kafka.<broker setting>=<value> overrides or adds a broker setting (benchmarks, experiments).
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("devstack.kafka."))
                .forEach(k -> p.put(k.substring("devstack.kafka.".length()), System.getProperty(k)));
        Path config = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "card-ledger dev-stack");
        }
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            int rc = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                    "--ignore-formatted"}, new PrintStream(OutputStream.nullOutputStream()));
            if (rc != 0) {
                throw new IllegalStateException("kafka-storage format failed with " + rc);
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        log.info("Kafka (KRaft) up on {} (data in {})", port, dir);
        return server;
    }
}
