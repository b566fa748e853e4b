package io.cardledger.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One real Kafka broker and one real PostgreSQL server per test JVM, shared by every integration
 * test in it. Testcontainers when a Docker engine is reachable; otherwise an in-process KRaft
 * broker (spring-kafka-test) and an embedded PostgreSQL server (zonky binaries). Never H2, never
 * a mocked Kafka.
 *
 * <p>Choose explicitly with {@code -Dcardledger.test.infra=embedded|containers}; the default
 * is {@code auto}.
 */
public final class SharedInfra {
    private static final Logger log = LoggerFactory.getLogger(SharedInfra.class);
    private static volatile SharedInfra instance;

    private final String bootstrapServers;
    private final String adminJdbcUrl;
    private final String jdbcUrlPrefix;
    private final String username;
    private final String password;
    private final Set<String> databases = ConcurrentHashMap.newKeySet();

    private SharedInfra(String bootstrapServers, String adminJdbcUrl, String jdbcUrlPrefix, String username, String password) {
        this.bootstrapServers = bootstrapServers;
        this.adminJdbcUrl = adminJdbcUrl;
        this.jdbcUrlPrefix = jdbcUrlPrefix;
        this.username = username;
        this.password = password;
    }

    public static SharedInfra get() {
        SharedInfra local = instance;
        if (local == null) {
            synchronized (SharedInfra.class) {
                local = instance;
                if (local == null) {
                    instance = local = start();
                }
            }
        }
        return local;
    }

    private static SharedInfra start() {
        String mode = System.getProperty("cardledger.test.infra", "auto");
        boolean containers = switch (mode) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> dockerAvailable();
        };
        long started = System.nanoTime();
        SharedInfra infra = containers ? startContainers() : startEmbedded();
        log.info("Test infrastructure ({}) up in {} ms: kafka={} postgres={}", containers ? "containers" : "embedded",
                (System.nanoTime() - started) / 1_000_000, infra.bootstrapServers, infra.adminJdbcUrl);
        return infra;
    }

    private static boolean dockerAvailable() {
        // Asking Testcontainers costs seconds and logs errors when there is plainly no engine.
        if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    private static SharedInfra startContainers() {
        PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:17-alpine");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:3.9.1");
        pg.start();
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            pg.stop();
        }));
        String prefix = "jdbc:postgresql://" + pg.getHost() + ":" + pg.getMappedPort(5432) + "/";
        return new SharedInfra(kafka.getBootstrapServers(), pg.getJdbcUrl(), prefix, pg.getUsername(), pg.getPassword());
    }

    private static SharedInfra startEmbedded() {
        try {
            // Tests trade durability for speed; benchmarks pass -Dcardledger.test.pg.durable=true.
            String durable = Boolean.getBoolean("cardledger.test.pg.durable") ? "on" : "off";
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            String preload = System.getProperty("cardledger.test.pg.shared-preload-libraries");
            if (preload != null) {
                // Benchmarks' diagnostics (pg_stat_statements).
                builder.setServerConfig("shared_preload_libraries", preload);
            }
            EmbeddedPostgres pg = builder
                    .setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("max_wal_size", System.getProperty("cardledger.test.pg.max-wal-size", "4GB"))
                    .setServerConfig("max_connections", "300")
                    // Benchmarks that grow the event store past PostgreSQL's default 128 MB pass a production-like size.
                    .setServerConfig("shared_buffers", System.getProperty("cardledger.test.pg.shared-buffers", "128MB"))
                    .start();
            EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
            Map<String, String> brokerProperties = new HashMap<>(Map.of(
                    "group.initial.rebalance.delay.ms", "0",
                    "offsets.topic.num.partitions", "4",
                    "auto.create.topics.enable", "true"));
            if (Boolean.getBoolean("cardledger.test.pg.durable")) {
                // Benchmarks: the broker writes its log out every second, as dev-stack's does, instead of
                // leaving it to the kernel's 30 s writeback bursts that stall PostgreSQL's fsyncs.
                brokerProperties.put("log.flush.interval.ms", "1000");
                brokerProperties.put("log.flush.scheduler.interval.ms", "1000");
            }
            kafka.brokerProperties(brokerProperties);
            kafka.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.destroy();
                try {
                    pg.close();
                } catch (Exception e) {
                    log.warn("Embedded PostgreSQL did not stop cleanly", e);
                }
            }));
            String prefix = "jdbc:postgresql://localhost:" + pg.getPort() + "/";
            return new SharedInfra(kafka.getBrokersAsString(), prefix + "postgres", prefix, "postgres", "postgres");
        } catch (Exception e) {
            throw new IllegalStateException("Could not start embedded Kafka and PostgreSQL", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** JDBC URL of a database of this name on the shared server, created on first use. */
    public String jdbcUrl(String database) {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Database names are lower-case identifiers: " + database);
        }
        if (databases.add(database)) {
            try (Connection c = DriverManager.getConnection(adminJdbcUrl, username, password);
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                    if (!rs.next()) {
                        s.execute("CREATE DATABASE " + database);
                    }
                }
            } catch (SQLException e) {
                databases.remove(database);
                throw new IllegalStateException("Could not create database " + database, e);
            }
        }
        return jdbcUrlPrefix + database;
    }

    /** Spring properties pointing a service at the shared broker and at its own database. */
    public Map<String, String> springProperties(String database) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.kafka.bootstrap-servers", bootstrapServers);
        p.put("spring.datasource.url", jdbcUrl(database));
        p.put("spring.datasource.username", username);
        p.put("spring.datasource.password", password);
        return p;
    }
}
