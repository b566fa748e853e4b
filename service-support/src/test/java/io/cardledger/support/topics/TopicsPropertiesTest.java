package io.cardledger.support.topics;

import io.cardledger.events.Topics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicsPropertiesTest {
    @Test
    void outsideTheLocalProfileTopicsHaveThreeCopiesAQuorumOfTwoAndAreOnlyVerified() {
        TopicSettings settings = new TopicsProperties(12, null, null, null, List.of()).resolve(false);

        assertThat(settings).isEqualTo(new TopicSettings(12, 3, 2, false));
    }

    @Test
    void underTheLocalProfileOneBrokerHoldsOneCopyCreatedAtStartUp() {
        assertThat(new TopicsProperties(null, null, null, null, null).resolve(true)).isEqualTo(new TopicSettings(4, 1, 1, true));
    }

    @Test
    void everySettingCanBeConfigured() {
        assertThat(new TopicsProperties(6, 5, 3, true, List.of()).resolve(false)).isEqualTo(new TopicSettings(6, 5, 3, true));
    }

    @Test
    void aQuorumLargerThanTheCopiesIsRefused() {
        assertThatThrownBy(() -> new TopicsProperties(4, 2, 3, false, List.of()).resolve(false))
                .hasMessageContaining("min-insync-replicas (3) exceeds the replication factor (2)");
    }

    @Test
    void theDeclarationKeepsEveryTopicForEverWithTheQuorum() {
        var topics = CardLedgerTopics.declare(List.of(Topics.LEDGER_EVENTS), new TopicSettings(12, 3, 2, false));

        assertThat(topics).singleElement().satisfies(t -> {
            assertThat(t.numPartitions()).isEqualTo(12);
            assertThat(t.replicationFactor()).isEqualTo((short) 3);
            assertThat(t.configs()).containsEntry("retention.ms", "-1").containsEntry("retention.bytes", "-1")
                    .containsEntry("min.insync.replicas", "2");
        });
    }

    @Test
    void anUnknownTopicNameIsRefused() {
        assertThatThrownBy(() -> CardLedgerTopics.declare(List.of("cardledger.typo.v1"), new TopicSettings(4, 3, 2, false)))
                .hasMessageContaining("unknown topics [cardledger.typo.v1]");
    }
}
