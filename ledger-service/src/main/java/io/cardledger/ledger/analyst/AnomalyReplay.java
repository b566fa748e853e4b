package io.cardledger.ledger.analyst;

import io.cardledger.ledger.analyst.AnomalyProjection.Replay;
import io.cardledger.ledger.application.LedgerEventPublisher;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Set;

/**
 * Rebuilds the anomalies projection, or brings it up to the outbox, by replaying the outbox's processor
 * ("ledger-publisher", which keeps both; ADR 0006). During the replay the outbox ignores the events it had
 * already published ({@code @DisallowReplay}) and publishes those it had not, in order, as they come;
 * the projection applies all of them. Publishing of new events waits until the replay has passed the
 * point where the outbox stood: on the order of a minute per few million events.
 *
 * <p>A replay is asked for by the row of table {@code analyst_anomaly_replay} (Flyway V7 writes it when an
 * existing ledger moves from the projection's own processor to the shared one; an operator can insert
 * {@code (1, -1)} to rebuild from scratch) and runs when the service has started. The row is deleted in the
 * transaction that resets the processor's token, so a replay is started once.
 */
@Component
public class AnomalyReplay {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnomalyReplay.class);
    private static final String PROCESSOR = LedgerEventPublisher.PROCESSING_GROUP;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TokenStore tokens;
    private final EventProcessingConfiguration processing;

    public AnomalyReplay(JdbcTemplate jdbc, PlatformTransactionManager transactions, TokenStore tokens,
                         EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.tokens = tokens;
        this.processing = processing;
    }

    /** Runs the replay that {@code analyst_anomaly_replay} asks for, if any. */
    @EventListener(ApplicationReadyEvent.class)
    public void replayIfAsked() {
        List<Long> asked = jdbc.queryForList("SELECT after_index FROM analyst_anomaly_replay", Long.class);
        if (!asked.isEmpty()) {
            long after = asked.get(0);
            replay(after < 0 ? Replay.REBUILD : Replay.CATCH_UP, after);
        }
    }

    /**
     * Stops the shared processor, replays it for the anomalies and starts it again.
     *
     * @param afterIndex for {@link Replay#CATCH_UP}: the table already reflects the events up to this global
     *                   index, so the replay starts after it (and is skipped if the processor is not past it);
     *                   ignored for {@link Replay#REBUILD}, which empties the table and starts from the beginning
     * @return whether the processor's token was reset
     */
    public boolean replay(Replay replay, long afterIndex) {
        TrackingEventProcessor processor = processing.eventProcessor(PROCESSOR, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No tracking processor " + PROCESSOR));
        processor.shutDown();
        try {
            Boolean reset = transaction.execute(status -> {
                jdbc.update("DELETE FROM analyst_anomaly_replay");
                TrackingToken start = replay == Replay.REBUILD || afterIndex < 0 ? null
                        : GapAwareTrackingToken.newInstance(afterIndex, Set.of());
                if (replay == Replay.CATCH_UP && !behind(start)) {
                    return false;
                }
                if (start == null) {
                    processor.resetTokens(source -> source.createTailToken(), replay);
                } else {
                    processor.resetTokens(start, replay);
                }
                return true;
            });
            LOG.info("Anomalies projection: {} {}", replay, Boolean.TRUE.equals(reset)
                    ? "replay started" + (replay == Replay.CATCH_UP ? " after global index " + afterIndex : "")
                    : "not needed: the projection is not behind the outbox");
            return Boolean.TRUE.equals(reset);
        } catch (UnableToClaimTokenException e) {
            // Another instance holds the processor: the request stays, for the next start.
            LOG.warn("Anomalies projection: {} not started, another instance holds {}: {}", replay, PROCESSOR, e.getMessage());
            return false;
        } finally {
            processor.start();
        }
    }

    /** Whether the processor has handled events after {@code start} (the table is missing some). */
    private boolean behind(TrackingToken start) {
        for (int segment : tokens.fetchSegments(PROCESSOR)) {
            TrackingToken token = tokens.fetchToken(PROCESSOR, segment);
            if (token instanceof ReplayToken replaying) {
                token = replaying.getTokenAtReset();
            }
            if (token != null && (start == null || !start.covers(token))) {
                return true;
            }
        }
        return false;
    }
}
