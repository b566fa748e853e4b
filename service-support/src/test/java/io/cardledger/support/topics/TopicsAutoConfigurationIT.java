package io.cardledger.support.topics;

import io.cardledger.events.Topics;
import io.cardledger.testing.SharedInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.TopicBuilder;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The topics' declaration against the real (one-node) test broker: created on a developer's machine, verified elsewhere. */
class TopicsAutoConfigurationIT {
    private static final String BROKER = SharedInfra.get().bootstrapServers();

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, TopicsAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=" + BROKER);

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER));
    }

    private static TopicVerifier verifier() {
        return new TopicVerifier(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER), 10_000);
    }

    @Nested
    class UnderTheLocalProfile {
        @Test
        void theServiceCreatesItsTopicsWithTheDeclaredSettings() throws Exception {
            // given a developer's machine (local profile: one copy, created at start-up)
            service.withPropertyValues("spring.profiles.active=local", "cardledger.topics.partitions=3",
                            "cardledger.topics.used=" + Topics.RAW_NOTIFICATIONS + "," + Topics.KYC)
                    // when the service starts
                    .run(context -> assertThat(context).hasNotFailed());

            // then both topics exist as declared, and verification with the same settings finds nothing
            try (Admin admin = admin()) {
                Map<String, TopicDescription> described = admin.describeTopics(List.of(Topics.RAW_NOTIFICATIONS, Topics.KYC)).allTopicNames().get();
                assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3));
                ConfigResource kyc = new ConfigResource(ConfigResource.Type.TOPIC, Topics.KYC);
                var config = admin.describeConfigs(List.of(kyc)).all().get().get(kyc);
                assertThat(config.get("retention.ms").value()).isEqualTo("-1");
                assertThat(config.get("retention.bytes").value()).isEqualTo("-1");
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
            }
            TopicSettings local = new TopicSettings(3, 1, 1, false);
            assertThat(verifier().problems(CardLedgerTopics.declare(List.of(Topics.RAW_NOTIFICATIONS, Topics.KYC), local))).isEmpty();
        }
    }

    @Nested
    class OutsideTheLocalProfile {
        @Test
        void aServiceRefusesToStartOnTopicsWithFewerCopiesThanDeclaredAndCreatesNothing() throws Exception {
            // given no profile (production defaults: 3 copies, min.insync.replicas 2, verify only) and a one-node broker
            service.withPropertyValues("cardledger.topics.used=" + Topics.LEDGER_EVENTS)
                    // when the service starts
                    .run(context -> {
                        // then it fails, naming the topic's missing copies or its absence
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).hasMessageContaining(Topics.LEDGER_EVENTS)
                                .hasMessageContaining("differ from their declaration");
                    });
            // and it did not create the topic: that is a deploy step
            try (Admin admin = admin()) {
                assertThat(admin.listTopics().names().get()).doesNotContain(Topics.LEDGER_EVENTS);
            }
        }

        @Test
        void aMissingTopicIsNamed() {
            String name = "verify-missing-" + UUID.randomUUID();
            NewTopic declared = TopicBuilder.name(name).partitions(2).replicas(1).configs(Topics.KEEP_FOREVER).build();

            assertThat(verifier().problems(List.of(declared))).containsExactly(name + " does not exist");
        }

        @Test
        void everyDifferenceOfAnExistingTopicIsNamed() throws Exception {
            // given a topic created by hand with 1 partition, one copy, the broker's default retention (7 days) and quorum (1)
            String name = "verify-differs-" + UUID.randomUUID();
            try (Admin admin = admin()) {
                admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
            }
            TopicSettings production = new TopicSettings(4, 3, 2, false);
            NewTopic declared = TopicBuilder.name(name).partitions(4).replicas(3).configs(CardLedgerTopics.configs(production)).build();

            // when it is verified against the production declaration
            List<String> problems = verifier().problems(List.of(declared));

            // then each difference is one sentence
            assertThat(problems).containsExactlyInAnyOrder(
                    name + " has 1 partitions, declared 4",
                    name + " has 1 replica(s), declared 3",
                    name + " has retention.ms=604800000, declared -1",
                    name + " has min.insync.replicas=1, declared 2");
        }

        @Test
        void aStricterMinInsyncReplicasSatisfiesTheDeclaration() throws Exception {
            String name = "verify-stricter-" + UUID.randomUUID();
            try (Admin admin = admin()) {
                admin.createTopics(List.of(new NewTopic(name, 2, (short) 1).configs(Map.of(
                        "retention.ms", "-1", "retention.bytes", "-1", "min.insync.replicas", "1")))).all().get();
            }
            NewTopic declared = TopicBuilder.name(name).partitions(2).replicas(1).configs(Map.of("min.insync.replicas", "1")).build();

            assertThat(verifier().problems(List.of(declared))).isEmpty();
        }
    }
}
