package io.cardledger.projection.consume;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.cardledger.projection.consume.PositionTracker.Verdict.APPLY;
import static io.cardledger.projection.consume.PositionTracker.Verdict.DUPLICATE;
import static io.cardledger.projection.consume.PositionTracker.Verdict.GAP;
import static org.assertj.core.api.Assertions.assertThat;

class PositionTrackerTest {

    @Nested
    class NewAggregate {
        @Test
        void sequenceZeroIsApplied() {
            PositionTracker t = new PositionTracker(Map.of());

            assertThat(t.next("w1", "Wallet", 0).verdict()).isEqualTo(APPLY);
            assertThat(t.created()).containsEntry("w1", 0L);
            assertThat(t.moved()).isEmpty();
            assertThat(t.typeOf("w1")).isEqualTo("Wallet");
        }

        @Test
        void startingPastZeroIsAGapFromZero() {
            PositionTracker t = new PositionTracker(Map.of());

            PositionTracker.Decision d = t.next("w1", "Wallet", 3);

            assertThat(d.verdict()).isEqualTo(GAP);
            assertThat(d.expectedSequence()).isZero();
            assertThat(t.created()).containsEntry("w1", 3L);
        }
    }

    @Nested
    class KnownAggregate {
        @Test
        void theNextSequenceIsAppliedAndMovesThePosition() {
            PositionTracker t = new PositionTracker(Map.of("w1", 4L));

            assertThat(t.next("w1", "Wallet", 5).verdict()).isEqualTo(APPLY);
            assertThat(t.moved()).containsExactlyEntriesOf(Map.of("w1", 5L));
            assertThat(t.created()).isEmpty();
        }

        @Test
        void aSequenceAtOrBelowThePositionIsARedelivery() {
            PositionTracker t = new PositionTracker(Map.of("w1", 4L));

            assertThat(t.next("w1", "Wallet", 4).verdict()).isEqualTo(DUPLICATE);
            assertThat(t.next("w1", "Wallet", 0).verdict()).isEqualTo(DUPLICATE);
            assertThat(t.moved()).isEmpty();
        }

        @Test
        void aJumpIsAppliedAsAGapNamingTheFirstMissingSequence() {
            PositionTracker t = new PositionTracker(Map.of("w1", 4L));

            PositionTracker.Decision d = t.next("w1", "Wallet", 9);

            assertThat(d.verdict()).isEqualTo(GAP);
            assertThat(d.expectedSequence()).isEqualTo(5);
            assertThat(t.moved()).containsEntry("w1", 9L);
        }
    }

    @Test
    void eventsOfOnePollAreJudgedAgainstEachOther() {
        PositionTracker t = new PositionTracker(Map.of("w1", 1L));

        assertThat(t.next("w1", "Wallet", 2).verdict()).isEqualTo(APPLY);
        assertThat(t.next("w1", "Wallet", 3).verdict()).isEqualTo(APPLY);
        assertThat(t.next("w1", "Wallet", 3).verdict()).isEqualTo(DUPLICATE);
        assertThat(t.next("c1", "Card", 0).verdict()).isEqualTo(APPLY);
        assertThat(t.next("c1", "Card", 1).verdict()).isEqualTo(APPLY);

        assertThat(t.moved()).containsExactlyEntriesOf(Map.of("w1", 3L));
        assertThat(t.created()).containsExactlyEntriesOf(Map.of("c1", 1L));
    }
}
