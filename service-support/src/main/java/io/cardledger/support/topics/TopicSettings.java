package io.cardledger.support.topics;

/**
 * The resolved topic settings of one service.
 *
 * @param partitions        partitions of every topic
 * @param replicationFactor copies of each partition
 * @param minInsyncReplicas copies an {@code acks=all} write waits for
 * @param create            whether the service creates missing topics (only on a developer's machine)
 */
public record TopicSettings(int partitions, int replicationFactor, int minInsyncReplicas, boolean create) {
    /** The source of truth is kept in three copies (DESIGN.md section 7)... */
    public static final int PRODUCTION_REPLICAS = 3;
    /** ...and a write is acknowledged once two of them have it, so one broker may be down. */
    public static final int PRODUCTION_MIN_INSYNC = 2;

    public TopicSettings {
        if (partitions < 1 || replicationFactor < 1 || minInsyncReplicas < 1) {
            throw new IllegalArgumentException("cardledger.topics: partitions, replication-factor and min-insync-replicas must be >= 1");
        }
        if (minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("cardledger.topics.min-insync-replicas (" + minInsyncReplicas
                    + ") exceeds the replication factor (" + replicationFactor + "): no write could ever be acknowledged");
        }
    }
}
