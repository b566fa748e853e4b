package io.cardledger.support.topics;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * How a service treats the Kafka topics it uses ({@code cardledger.topics.*}). Unset values take the
 * defaults of the profile: outside {@code local} 3 replicas, {@code min.insync.replicas} 2 and no
 * creation (the topics are a deploy step, deploy/ creates them); under {@code local} (one broker on
 * a developer's machine) 1 and 1, created at start-up.
 *
 * @param partitions        partitions of every topic (the consumers' replica counts follow it)
 * @param replicationFactor copies of every partition; null = the profile's default
 * @param minInsyncReplicas the topics' {@code min.insync.replicas}; null = the profile's default
 * @param create            create missing topics at start-up (true) or only verify them (false); null = the profile's
 * @param used              the topics this service reads or writes (names from common-events' {@code Topics})
 */
@ConfigurationProperties("cardledger.topics")
public record TopicsProperties(Integer partitions, Integer replicationFactor, Integer minInsyncReplicas, Boolean create,
                               List<String> used) {
    public TopicsProperties {
        partitions = partitions == null ? 4 : partitions;
        used = used == null ? List.of() : List.copyOf(used);
    }

    /** The settings in force, with the profile's defaults filled in. */
    public TopicSettings resolve(boolean localProfile) {
        int replicas = replicationFactor != null ? replicationFactor : localProfile ? 1 : TopicSettings.PRODUCTION_REPLICAS;
        int minInsync = minInsyncReplicas != null ? minInsyncReplicas : localProfile ? 1 : TopicSettings.PRODUCTION_MIN_INSYNC;
        boolean creating = create != null ? create : localProfile;
        return new TopicSettings(partitions, replicas, minInsync, creating);
    }
}
