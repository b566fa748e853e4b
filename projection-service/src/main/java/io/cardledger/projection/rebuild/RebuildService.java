package io.cardledger.projection.rebuild;

import io.cardledger.events.Topics;
import io.cardledger.projection.consume.ProjectionLocks;
import io.cardledger.projection.consume.ReadModelProjection;
import io.cardledger.projection.consume.RebuildApplier;
import io.cardledger.projection.read.balance.BalanceNotifications;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds every read model of the ledger's events from the first event, into fresh tables, while
 * the live tables keep serving reads and the live consumer keeps applying new events to them.
 *
 * <ol>
 *   <li>The fresh tables are created by the service's own Flyway migrations in the schema
 *       {@value ShadowSchema#REBUILD_SCHEMA}, so they are exactly the live ones; secondary indexes (and the
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
 *       {@value ShadowSchema#RETIRED_SCHEMA} and the fresh ones take their place. The live consumer then goes
 *       on from its own offsets: whatever it sees again is a duplicate by position.</li>
 * </ol>
 * A failure at any point before the switch commits leaves the live tables untouched. Users' KYC
 * status is not a ledger projection (it is fed by the KYC topic) and is not rebuilt.
 *
 * <p>This class runs the steps, one rebuild at a time across instances; {@link RebuildRun} holds a
 * run's state, {@link ShadowSchema} the fresh tables, {@link TopicReplay} the reading of the topic.
 */
@Service
public class RebuildService {
    private static final Logger log = LoggerFactory.getLogger(RebuildService.class);

    private final DataSource dataSource;
    private final ShadowSchema shadow;
    private final KafkaProperties kafkaProperties;
    private final List<ReadModelProjection> projections;
    private final PlatformTransactionManager liveTransactions;
    private final String topic;
    private final int chunkSize;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, RebuildRun> runs = new ConcurrentHashMap<>();
    private final AtomicReference<RebuildRun> latest = new AtomicReference<>();

    public RebuildService(DataSource dataSource, ShadowSchema shadow, KafkaProperties kafkaProperties,
                          List<ReadModelProjection> projections, PlatformTransactionManager liveTransactions,
                          @Value("${cardledger.rebuild.topic:" + Topics.LEDGER_EVENTS + "}") String topic,
                          @Value("${cardledger.rebuild.chunk-events:20000}") int chunkSize) {
        this.dataSource = dataSource;
        this.shadow = shadow;
        this.kafkaProperties = kafkaProperties;
        this.projections = projections;
        this.liveTransactions = liveTransactions;
        this.topic = topic;
        this.chunkSize = chunkSize;
    }

    /** Starts a rebuild on a thread of its own; refused while one runs here or on another instance. */
    public synchronized RebuildStatus start() {
        RebuildRun current = latest.get();
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
        RebuildRun run = new RebuildRun(UUID.randomUUID().toString(), clock);
        runs.put(run.id, run);
        latest.set(run);
        Thread thread = new Thread(() -> {
            try {
                execute(run);
            } catch (Exception e) {
                log.error("Rebuild {} failed; the live read models are unchanged", run.id, e);
                run.failed(e);
                try {
                    shadow.drop();
                } catch (RuntimeException cleanup) {
                    log.warn("Could not drop the unfinished rebuild tables", cleanup);
                }
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
        RebuildRun run = runs.get(id);
        return run == null ? Optional.empty() : Optional.of(run.status());
    }

    public Optional<RebuildStatus> latest() {
        return Optional.ofNullable(latest.get()).map(RebuildRun::status);
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Closing a rebuild connection failed", e);
        }
    }

    private void execute(RebuildRun run) {
        JdbcTemplate live = new JdbcTemplate(dataSource);
        String liveSchema = live.queryForObject("SELECT current_schema()", String.class);
        shadow.create();

        RebuildApplier applier;
        try (ShadowSchema.Session rebuild = shadow.open()) {
            List<String> indexes = ShadowSchema.dropIndexesForLoad(rebuild.jdbc(), ShadowSchema.REBUILD_SCHEMA);
            applier = new RebuildApplier(projections);
            run.applier = applier;
            try (TopicReplay replay = new TopicReplay(kafkaProperties, topic, chunkSize, applier, rebuild, run)) {
                Map<TopicPartition, Long> end = replay.endOffsets();
                run.eventsTotal = replay.eventsBefore(end);
                log.info("Rebuild {}: replaying {} events of {} into {}", run.id, run.eventsTotal, topic, ShadowSchema.REBUILD_SCHEMA);

                run.phase = RebuildStatus.Phase.REPLAYING;
                replay.replayTo(end);
                replay.replayToEnd();
                applier.finishFirstPass(rebuild.jdbc(), rebuild.tx());

                run.phase = RebuildStatus.Phase.INDEXING;
                long indexing = System.nanoTime();
                shadow.restoreIndexes(rebuild.jdbc(), indexes);
                run.indexMillis = (System.nanoTime() - indexing) / 1_000_000;
                // Catch up on what arrived while indexing, so the switch-over holds live polls back briefly.
                run.phase = RebuildStatus.Phase.REPLAYING;
                replay.replayToEnd();

                run.phase = RebuildStatus.Phase.SWITCHING;
                long switching = System.nanoTime();
                new TransactionTemplate(liveTransactions).executeWithoutResult(tx -> {
                    ProjectionLocks.excludeLiveApply(live);
                    // Nothing the live tables hold can be past the topic's end as of now.
                    replay.replayToEnd();
                    rebuild.tx().executeWithoutResult(s -> applier.writePositions(rebuild.jdbc()));
                    shadow.swapIn(live, liveSchema);
                    // Every instance's in-memory balance copy starts over when this commits.
                    BalanceNotifications.everyRowReplaced(live);
                });
                run.switchMillis = (System.nanoTime() - switching) / 1_000_000;
            }
        }
        // Left behind: the migration history and the KYC tables the migrations also created there.
        shadow.drop();
        run.done();
        RebuildStatus done = run.status();
        log.info("Rebuild {} done: {} events read ({} applied, {} duplicates, {} gaps, {} skipped) at {} events/s; "
                        + "indexes {} ms, switch-over {} ms (live polls held back), {} ms in all; replay: {}",
                run.id, done.eventsRead(), done.eventsApplied(), done.duplicates(), done.gaps(), done.skipped(),
                done.eventsPerSecond(), done.indexMillis(), done.switchMillis(), done.elapsedMillis(), applier.timings());
    }
}
