package io.cardledger.support.topics;

import io.cardledger.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one declaration of the system's Kafka topics: their names (common-events' {@link Topics}) and the
 * configuration every copy of them has. Services create them from here on a developer's machine and
 * verify them against it elsewhere; deploy/ (Strimzi {@code KafkaTopic}s) and docker-compose.yml create
 * them in production, and DeployConfigurationTest keeps those equal to this.
 */
public final class CardLedgerTopics {
    /** Every topic of the system. */
    public static final Set<String> ALL = Set.of(Topics.RAW_NOTIFICATIONS, Topics.KATFACIL_EVENTS, Topics.CHARGEBACKS, Topics.KYC, Topics.LEDGER_EVENTS);

    private CardLedgerTopics() {
    }

    /** The topic-level configuration of every topic: kept for ever, and the writes' quorum. */
    public static Map<String, String> configs(TopicSettings settings) {
        Map<String, String> configs = new LinkedHashMap<>(Topics.KEEP_FOREVER);
        configs.put("min.insync.replicas", Integer.toString(settings.minInsyncReplicas()));
        return configs;
    }

    /** The topics named, as they should be. */
    public static List<NewTopic> declare(List<String> names, TopicSettings settings) {
        List<String> unknown = names.stream().filter(n -> !ALL.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("cardledger.topics.used names unknown topics " + unknown + "; the topics are " + ALL);
        }
        return names.stream().map(name -> TopicBuilder.name(name).partitions(settings.partitions())
                .replicas(settings.replicationFactor()).configs(configs(settings)).build()).toList();
    }
}
