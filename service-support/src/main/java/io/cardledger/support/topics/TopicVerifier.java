package io.cardledger.support.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks at start-up that the topics a service uses exist as declared, instead of creating them
 * (outside {@code local} creation is a deploy step, and the services' Kafka users may not create
 * topics). A topic with fewer partitions, fewer copies, a weaker {@code min.insync.replicas} or a
 * retention than declared stops the service with every difference named: running on a one-copy
 * source of truth, or with consumers scaled for partitions that are not there, is worse than not starting.
 * Needs Describe and DescribeConfigs on the topics, nothing more.
 */
public final class TopicVerifier {
    private final Map<String, Object> adminConfig;
    private final long timeoutMs;

    public TopicVerifier(Map<String, Object> adminConfig, long timeoutMs) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.timeoutMs = timeoutMs;
    }

    /** Throws {@link IllegalStateException} naming every difference between the broker's topics and {@code expected}. */
    public void verify(List<NewTopic> expected) {
        List<String> problems = problems(expected);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: the Kafka topics differ from their declaration (creating them is a"
                    + " deploy step: deploy/ KafkaTopic resources, or cardledger.topics.create=true on a developer's machine): "
                    + String.join("; ", problems));
        }
    }

    /** The differences, one sentence each; empty when every topic is as declared. */
    public List<String> problems(List<NewTopic> expected) {
        List<String> problems = new ArrayList<>();
        try (Admin admin = Admin.create(adminConfig)) {
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(expected.stream().map(NewTopic::name).toList())
                    .topicNameValues();
            List<NewTopic> present = new ArrayList<>();
            for (NewTopic topic : expected) {
                TopicDescription description = await(described.get(topic.name()));
                if (description == null) {
                    problems.add(topic.name() + " does not exist");
                    continue;
                }
                present.add(topic);
                int partitions = description.partitions().size();
                if (partitions != topic.numPartitions()) {
                    problems.add(topic.name() + " has " + partitions + " partitions, declared " + topic.numPartitions());
                }
                int fewestCopies = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
                if (fewestCopies < topic.replicationFactor()) {
                    problems.add(topic.name() + " has " + fewestCopies + " replica(s), declared " + topic.replicationFactor());
                }
            }
            if (!present.isEmpty()) {
                List<ConfigResource> resources = present.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
                Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all());
                for (NewTopic topic : present) {
                    Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                    topic.configs().forEach((key, declared) -> {
                        ConfigEntry entry = actual.get(key);
                        String value = entry == null ? null : entry.value();
                        if (!satisfies(key, value, declared)) {
                            problems.add(topic.name() + " has " + key + "=" + value + ", declared " + declared);
                        }
                    });
                }
            }
        }
        return problems;
    }

    /** {@code min.insync.replicas} may be stricter than declared; every other setting must be equal. */
    private static boolean satisfies(String key, String actual, String declared) {
        if ("min.insync.replicas".equals(key) && actual != null) {
            return Integer.parseInt(actual) >= Integer.parseInt(declared);
        }
        return Objects.equals(actual, declared);
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new IllegalStateException("Could not describe the Kafka topics: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not describe the Kafka topics within " + timeoutMs + " ms (is the broker reachable?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing the Kafka topics", e);
        }
    }
}
