package io.cardledger.projection.rebuild;

import io.cardledger.events.Topics;
import io.cardledger.projection.consume.ProjectionLocks;
import io.cardledger.projection.consume.ReadModelProjection;
import io.cardledger.projection.consume.RebuildApplier;
import io.cardledger.projection.read.balance.BalanceNotifications;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds every read model of the ledger's events from the first event, into fresh tables, while
 * the live tables keep serving reads and the live consumer keeps applying new events to them.
 *
 * <ol>
 *   <li>The fresh tables are created by the service's own Flyway migrations in the schema
 *       {@value #REBUILD_SCHEMA}, so they are exactly the live ones; secondary indexes (and the
 *       primary keys of the tables loaded with COPY) are dropped for the bulk load.</li>
 *   <li>First pass: a consumer of its own (no group, nothing committed) reads the ledger topic
 *       from the start through the live decoding, position checks and read-model code. History
 *       rows go in with COPY chunk by chunk, the next chunk decoded while the last is written;
 *       rows the live path keeps upserting (balances, authorization states) are collapsed over
 *       the whole pass and written once at its end.</li>
 *   <li>Once caught up, the indexes are built and the tables analysed; then a catch-up with the
 *       live path's upserts.</li>
 *   <li>Switch-over, in one transaction holding the live-apply lock exclusively (live polls wait,
 *       reads go on): the rebuild reads up to the topic's end as of that moment, which is beyond
 *       anything the live tables hold; writes its positions; then the live tables move to
 *       {@value #RETIRED_SCHEMA} and the fresh ones take their place. The live consumer then goes
 *       on from its own offsets: whatever it sees again is a duplicate by position.</li>
 * </ol>
 * A failure at any point before the switch commits leaves the live tables untouched. Users' KYC
 * status is not a ledger projection (it is fed by the KYC topic) and is not rebuilt.
 */
@Service
public class RebuildService {
    public static final String REBUILD_SCHEMA = "projection_rebuild";
    static final String RETIRED_SCHEMA = "projection_retired";
    /** The tables fed by the ledger's events: what a rebuild replaces. */
    public static final List<String> TABLES = List.of("projection_position", "wallet_balance", "wallet_transaction", "card",
            "card_authorization", "authorization_history", "projection_gap", "projection_skipped_event");
    /**
     * Written only with COPY during a rebuild's first pass (history rows per chunk, authorization
     * states once at its end): their primary keys are built after the load, with the other indexes,
     * before the catch-up that upserts.
     */
    private static final List<String> LOADED_WITHOUT_KEY = List.of("wallet_transaction", "authorization_history", "card_authorization");

    private static final Logger log = LoggerFactory.getLogger(RebuildService.class);

    private final DataSource dataSource;
    private final DataSourceProperties dataSourceProperties;
    private final KafkaProperties kafkaProperties;
    private final List<ReadModelProjection> projections;
    private final PlatformTransactionManager liveTransactions;
    private final String topic;
    private final int chunkSize;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicReference<Run> latest = new AtomicReference<>();

    public RebuildService(DataSource dataSource, DataSourceProperties dataSourceProperties, KafkaProperties kafkaProperties,
                          List<ReadModelProjection> projections, PlatformTransactionManager liveTransactions,
                          @Value("${cardledger.rebuild.topic:" + Topics.LEDGER_EVENTS + "}") String topic,
                          @Value("${cardledger.rebuild.chunk-events:20000}") int chunkSize) {
        this.dataSource = dataSource;
        this.dataSourceProperties = dataSourceProperties;
        this.kafkaProperties = kafkaProperties;
        this.projections = projections;
        this.liveTransactions = liveTransactions;
        this.topic = topic;
        this.chunkSize = chunkSize;
    }

    /** Starts a rebuild on a thread of its own; refused while one runs here or on another instance. */
    public synchronized RebuildStatus start() {
        Run current = latest.get();
        if (current != null && !current.status().phase().finished()) {
            throw new RebuildAlreadyRunningException("Rebuild " + current.id + " is still running; follow it at its status URL.");
        }
        Connection lockSession;
        try {
            lockSession = dataSource.getConnection();
            lockSession.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("No database connection for the rebuild", e);
        }
        JdbcTemplate session = new JdbcTemplate(new SingleConnectionDataSource(lockSession, true));
        if (!ProjectionLocks.tryRebuild(session)) {
            close(lockSession);
            throw new RebuildAlreadyRunningException("Another projection-service instance is rebuilding the read models.");
        }
        Run run = new Run(UUID.randomUUID().toString(), clock.instant());
        runs.put(run.id, run);
        latest.set(run);
        Thread thread = new Thread(() -> {
            try {
                run.execute();
            } catch (Exception e) {
                log.error("Rebuild {} failed; the live read models are unchanged", run.id, e);
                run.fail(e);
            } finally {
                try {
                    ProjectionLocks.releaseRebuild(session);
                } catch (RuntimeException e) {
                    log.warn("Could not release the rebuild lock; it goes with the session", e);
                }
                close(lockSession);
            }
        }, "projection-rebuild");
        thread.setDaemon(true);
        thread.start();
        return run.status();
    }

    public Optional<RebuildStatus> status(String id) {
        Run run = runs.get(id);
        return run == null ? Optional.empty() : Optional.of(run.status());
    }

    public Optional<RebuildStatus> latest() {
        return Optional.ofNullable(latest.get()).map(Run::status);
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Closing a rebuild connection failed", e);
        }
    }

    private final class Run {
        final String id;
        final Instant startedAt;
        volatile RebuildStatus.Phase phase = RebuildStatus.Phase.PREPARING;
        volatile Instant finishedAt;
        volatile long eventsTotal;
        volatile long eventsRead; // written by the writer thread only
        volatile long readNanos;
        volatile long indexMillis;
        volatile long switchMillis;
        volatile String detail;
        volatile RebuildApplier applier;
        /** Writes chunks while the rebuild thread reads and decodes the next one. */
        final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "projection-rebuild-writer");
            t.setDaemon(true);
            return t;
        });

        Run(String id, Instant startedAt) {
            this.id = id;
            this.startedAt = startedAt;
        }

        RebuildStatus status() {
            RebuildApplier a = applier;
            long read = eventsRead;
            long perSecond = readNanos == 0 ? 0 : read * 1_000_000_000L / readNanos;
            Instant end = finishedAt == null ? clock.instant() : finishedAt;
            return new RebuildStatus(id, phase, startedAt, finishedAt, eventsTotal, read,
                    a == null ? 0 : a.applied(), a == null ? 0 : a.duplicates(), a == null ? 0 : a.gaps(),
                    a == null ? 0 : a.skipped(), a == null ? 0 : a.aggregates(), perSecond, readNanos / 1_000_000,
                    indexMillis, switchMillis, Duration.between(startedAt, end).toMillis(), detail);
        }

        void fail(Exception e) {
            detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            phase = RebuildStatus.Phase.FAILED;
            finishedAt = clock.instant();
            try {
                new JdbcTemplate(dataSource).execute("DROP SCHEMA IF EXISTS " + REBUILD_SCHEMA + " CASCADE");
            } catch (RuntimeException cleanup) {
                log.warn("Could not drop the unfinished rebuild tables", cleanup);
            }
        }

        void execute() throws SQLException {
            JdbcTemplate live = new JdbcTemplate(dataSource);
            String liveSchema = live.queryForObject("SELECT current_schema()", String.class);
            live.execute("DROP SCHEMA IF EXISTS " + REBUILD_SCHEMA + " CASCADE");
            Flyway.configure().dataSource(dataSource).schemas(REBUILD_SCHEMA).defaultSchema(REBUILD_SCHEMA)
                    .locations("classpath:db/migration").load().migrate();

            SingleConnectionDataSource rebuildConnection = new SingleConnectionDataSource(rebuildUrl(),
                    dataSourceProperties.determineUsername(), dataSourceProperties.determinePassword(), true);
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                JdbcTemplate rebuild = new JdbcTemplate(rebuildConnection);
                rebuild.execute("SET maintenance_work_mem = '256MB'");
                // No flush wait per chunk. Safe: nothing reads these tables before the switch-over,
                // whose commit (on a connection with the server's own setting) flushes the WAL up to
                // itself, every rebuilt row included; a crash before it only loses an unfinished rebuild.
                rebuild.execute("SET synchronous_commit = off");
                TransactionTemplate rebuildTx = new TransactionTemplate(new DataSourceTransactionManager(rebuildConnection));
                List<String> indexes = dropIndexesForLoad(rebuild, REBUILD_SCHEMA);
                applier = new RebuildApplier(projections);

                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                eventsTotal = partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
                log.info("Rebuild {}: replaying {} events of {} into {}", id, eventsTotal, topic, REBUILD_SCHEMA);

                phase = RebuildStatus.Phase.REPLAYING;
                replayTo(consumer, end, rebuild, rebuildTx);
                replayTo(consumer, consumer.endOffsets(partitions), rebuild, rebuildTx);
                applier.finishFirstPass(rebuild, rebuildTx);

                phase = RebuildStatus.Phase.INDEXING;
                long indexing = System.nanoTime();
                indexes.forEach(rebuild::execute);
                for (String table : TABLES) {
                    rebuild.execute("ANALYZE " + table);
                }
                indexMillis = (System.nanoTime() - indexing) / 1_000_000;
                // Catch up on what arrived while indexing, so the switch-over holds live polls back briefly.
                phase = RebuildStatus.Phase.REPLAYING;
                replayTo(consumer, consumer.endOffsets(partitions), rebuild, rebuildTx);

                phase = RebuildStatus.Phase.SWITCHING;
                long switching = System.nanoTime();
                new TransactionTemplate(liveTransactions).executeWithoutResult(tx -> {
                    ProjectionLocks.excludeLiveApply(live);
                    // Nothing the live tables hold can be past the topic's end as of now.
                    replayTo(consumer, consumer.endOffsets(partitions), rebuild, rebuildTx);
                    rebuildTx.executeWithoutResult(s -> applier.writePositions(rebuild));
                    live.execute("ANALYZE " + REBUILD_SCHEMA + ".projection_position");
                    live.execute("DROP SCHEMA IF EXISTS " + RETIRED_SCHEMA + " CASCADE");
                    live.execute("CREATE SCHEMA " + RETIRED_SCHEMA);
                    for (String table : TABLES) {
                        live.execute("ALTER TABLE " + liveSchema + "." + table + " SET SCHEMA " + RETIRED_SCHEMA);
                    }
                    for (String table : TABLES) {
                        live.execute("ALTER TABLE " + REBUILD_SCHEMA + "." + table + " SET SCHEMA " + liveSchema);
                    }
                    // Every instance's in-memory balance copy starts over when this commits.
                    BalanceNotifications.everyRowReplaced(live);
                });
                switchMillis = (System.nanoTime() - switching) / 1_000_000;
            } finally {
                writer.shutdownNow();
                rebuildConnection.destroy();
            }
            // Left behind: the migration history and the KYC tables the migrations also created there.
            live.execute("DROP SCHEMA IF EXISTS " + REBUILD_SCHEMA + " CASCADE");
            finishedAt = clock.instant();
            phase = RebuildStatus.Phase.DONE;
            RebuildStatus done = status();
            log.info("Rebuild {} done: {} events read ({} applied, {} duplicates, {} gaps, {} skipped) at {} events/s; "
                            + "indexes {} ms, switch-over {} ms (live polls held back), {} ms in all; replay: {}",
                    id, done.eventsRead(), done.eventsApplied(), done.duplicates(), done.gaps(), done.skipped(),
                    done.eventsPerSecond(), done.indexMillis(), done.switchMillis(), done.elapsedMillis(), applier.timings());
        }

        /**
         * Reads and applies chunks until every partition's position reaches {@code target}. The
         * next chunk is read and decoded while the previous one is written; the method returns
         * when everything it read is committed.
         */
        private void replayTo(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> target, JdbcTemplate rebuild,
                              TransactionTemplate rebuildTx) {
            List<ConsumerRecord<String, byte[]>> chunk = new ArrayList<>(chunkSize);
            long started = System.nanoTime();
            long readBefore = readNanos;
            Future<?> writing = CompletableFuture.completedFuture(null);
            while (!reached(consumer, target.keySet(), target)) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(200));
                polled.forEach(chunk::add);
                if (chunk.size() >= chunkSize || (polled.isEmpty() && !chunk.isEmpty())
                        || (!chunk.isEmpty() && reached(consumer, target.keySet(), target))) {
                    writing = writeAfter(writing, chunk, rebuild, rebuildTx);
                    chunk = new ArrayList<>(chunkSize);
                }
                readNanos = readBefore + (System.nanoTime() - started);
            }
            if (!chunk.isEmpty()) {
                writing = writeAfter(writing, chunk, rebuild, rebuildTx);
            }
            await(writing);
            readNanos = readBefore + (System.nanoTime() - started);
        }

        /** Prepares {@code chunk} here, waits for the previous write, then writes this one on the writer thread. */
        private Future<?> writeAfter(Future<?> previous, List<ConsumerRecord<String, byte[]>> chunk, JdbcTemplate rebuild,
                                     TransactionTemplate rebuildTx) {
            RebuildApplier.Prepared prepared = applier.prepare(chunk);
            await(previous);
            int size = chunk.size();
            return writer.submit(() -> {
                prepared.write(rebuild, rebuildTx);
                eventsRead += size;
            });
        }

        private static void await(Future<?> write) {
            try {
                write.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while writing the rebuild", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        private static boolean reached(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> partitions,
                                       Map<TopicPartition, Long> target) {
            for (TopicPartition p : partitions) {
                if (consumer.position(p) < target.get(p)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Drops what slows a bulk load into {@code schema}'s read-model tables down and returns the
     * statements that put it back: secondary indexes everywhere, and the primary keys of the
     * tables the first pass writes only with COPY.
     */
    public static List<String> dropIndexesForLoad(JdbcTemplate rebuild, String schema) {
        List<String> restore = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        rebuild.query("""
                SELECT i.tablename, i.indexname, i.indexdef, c.conname, pg_get_constraintdef(c.oid)
                FROM pg_indexes i
                LEFT JOIN pg_constraint c ON c.conname = i.indexname
                    AND c.connamespace = (SELECT n.oid FROM pg_namespace n WHERE n.nspname = i.schemaname)
                WHERE i.schemaname = ? ORDER BY i.tablename, i.indexname
                """, rs -> {
            String table = rs.getString(1);
            if (!TABLES.contains(table)) {
                return;
            }
            String constraint = rs.getString(4);
            if (constraint == null) {
                drop.add("DROP INDEX " + schema + "." + rs.getString(2));
                restore.add(rs.getString(3));
            } else if (LOADED_WITHOUT_KEY.contains(table)) {
                drop.add("ALTER TABLE " + schema + "." + table + " DROP CONSTRAINT " + constraint);
                restore.add("ALTER TABLE " + schema + "." + table + " ADD CONSTRAINT " + constraint + " " + rs.getString(5));
            }
        }, schema);
        drop.forEach(rebuild::execute);
        return restore;
    }

    private String rebuildUrl() {
        String url = dataSourceProperties.determineUrl();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + REBUILD_SCHEMA;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = new java.util.HashMap<>(kafkaProperties.buildConsumerProperties(null));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "projection-rebuild");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
