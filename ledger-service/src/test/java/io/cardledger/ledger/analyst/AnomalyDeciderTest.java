package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.analyst.AnomalyProjection.Changes;
import io.cardledger.ledger.analyst.AnomalyProjection.Stored;
import io.cardledger.ledger.application.OrderedHandOver;
import io.cardledger.ledger.support.Notifications;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The anomalies are decided on the projection's own thread while the outbox's thread publishes (ADR 0006):
 * a batch's events must be decided in stream order across hand-overs, none may be lost, and a decider that
 * fails must fail the batch (so that its token is not stored and the batch is retried).
 */
class AnomalyDeciderTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-05T00:00:00Z");

    private final AnomalyDecider decider = new AnomalyDecider(AnomalyProjection::decide, Duration.ofSeconds(10));

    @AfterEach
    void stop() {
        decider.close();
    }

    private static Stored authorization(String cardId, String c11, AuthorizationStatus status, long held, Instant at, long index)
            throws Exception {
        RawNotification raw = Notifications.of("PeticionAutorizacion", cardId).amount(500).c11(c11).raw();
        CardNotificationRecorded r = new CardNotificationRecorded(cardId, "w-1", raw.notificationId(), 1, raw, -500, held,
                new AuthorizationView(c11, status, 500, held, 0, 0), EnumSet.noneOf(MovementFlag.class), at);
        return new Stored(CardNotificationRecorded.class, JSON.writeValueAsBytes(r), at, index, "e-" + index, cardId, index);
    }

    @Test
    void aBatchLongerThanOneHandOverIsDecidedInStreamOrderWithNothingLeftOut() throws Exception {
        AnomalyDecider.Batch batch = decider.batch();
        int holds = OrderedHandOver.CHUNK * 3 + 7;
        long index = 0;
        // Every card's hold opens; in a later chunk it grows (keeping the instant it opened) ...
        for (int i = 0; i < holds; i++) {
            batch.add(authorization("c-" + i, "000000001", AuthorizationStatus.PENDING, 500, T1, index++));
        }
        for (int i = 0; i < holds; i++) {
            batch.add(authorization("c-" + i, "000000001", AuthorizationStatus.PENDING, 700, T2, index++));
        }
        // ... and every other card's hold is settled afterwards; one event cannot be read at all.
        for (int i = 0; i < holds; i += 2) {
            batch.add(authorization("c-" + i, "000000001", AuthorizationStatus.SETTLED, 0, T2, index++));
        }
        batch.add(new Stored(CardNotificationRecorded.class, "{not json".getBytes(), T2, index, "e-bad", "c-bad", 0));

        Changes changes = batch.decided();

        assertThat(changes.upserts).hasSize(holds / 2);
        assertThat(changes.upserts.values()).allSatisfy(row -> {
            assertThat(row.kind()).isEqualTo(AnomalyKind.OPEN_HOLD);
            assertThat(Integer.parseInt(row.cardId().substring(2)) % 2).isEqualTo(1);
            assertThat(row.occurredAt()).isEqualTo(T1);
            assertThat(row.heldMinor()).isEqualTo(700);
        });
        assertThat(changes.deletes).hasSize(holds - holds / 2);
    }

    @Test
    void whatTheSameEventsDecideOnTheProcessorsThreadTheyDecideHere() throws Exception {
        List<Stored> events = new ArrayList<>();
        for (int i = 0; i < OrderedHandOver.CHUNK + 10; i++) {
            events.add(authorization("c-" + (i % 7), String.format("%09d", i % 13), i % 3 == 0 ? AuthorizationStatus.SETTLED
                    : AuthorizationStatus.PENDING, i % 3 == 0 ? 0 : 100 + i, i % 2 == 0 ? T1 : T2, i));
        }
        Changes inline = new Changes();
        events.forEach(e -> AnomalyProjection.decide(e, inline));
        AnomalyDecider.Batch batch = decider.batch();
        events.forEach(batch::add);

        Changes decided = batch.decided();

        assertThat(decided.upserts).isEqualTo(inline.upserts);
        assertThat(new ArrayList<>(decided.deletes)).isEqualTo(new ArrayList<>(inline.deletes));
    }

    @Test
    void aDeciderThatFailsLeavesTheBatchToTheProcessorsThreadAndLosesNothing() throws Exception {
        try (AnomalyDecider failing = new AnomalyDecider((event, changes) -> {
            if (Thread.currentThread().getName().equals("anomalies-decider") && event.eventId().equals("e-1")) {
                throw new OutOfMemoryError("simulated");
            }
            AnomalyProjection.decide(event, changes);
        }, Duration.ofSeconds(10))) {
            AnomalyDecider.Batch batch = failing.batch();
            batch.add(authorization("c-1", "000000001", AuthorizationStatus.PENDING, 500, T1, 0));
            batch.add(authorization("c-2", "000000001", AuthorizationStatus.PENDING, 500, T1, 1));
            batch.add(authorization("c-1", "000000001", AuthorizationStatus.SETTLED, 0, T2, 2));

            Changes changes = batch.decided();

            assertThat(changes.upserts.values()).extracting(AnomalyProjection.Row::cardId).containsExactly("c-2");
            assertThat(changes.deletes).containsExactly("OPEN_HOLD\u0000c-1\u001F000000001");
            // and the decider's thread is still there for the next batch
            AnomalyDecider.Batch next = failing.batch();
            next.add(authorization("c-3", "000000001", AuthorizationStatus.PENDING, 500, T1, 3));
            assertThat(next.decided().upserts).hasSize(1);
        }
    }

    @Test
    void aBatchThatCannotBeDecidedOnEitherThreadFailsSoItsTokenIsNotStored() throws Exception {
        try (AnomalyDecider failing = new AnomalyDecider((event, changes) -> {
            throw new OutOfMemoryError("simulated");
        }, Duration.ofSeconds(10))) {
            AnomalyDecider.Batch batch = failing.batch();
            batch.add(authorization("c-1", "000000001", AuthorizationStatus.PENDING, 500, T1, 0));

            assertThatThrownBy(batch::decided).isInstanceOf(OutOfMemoryError.class);
        }
    }
}
