package io.cardledger.support.topics;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.List;

/**
 * The topics a service names in {@code cardledger.topics.used}: created through Spring's
 * {@link KafkaAdmin} on a developer's machine, verified by {@link TopicVerifier} everywhere else.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaAdmin.class)
@Conditional(TopicsAutoConfiguration.NamesTopics.class)
@EnableConfigurationProperties(TopicsProperties.class)
public class TopicsAutoConfiguration {
    /** How long the start-up verification waits for the broker's answers. */
    static final long VERIFY_TIMEOUT_MS = 30_000;

    static TopicSettings settings(Environment environment) {
        TopicsProperties properties = Binder.get(environment).bindOrCreate("cardledger.topics", TopicsProperties.class);
        return properties.resolve(environment.acceptsProfiles(Profiles.of("local")));
    }

    @Bean
    TopicSettings cardLedgerTopicSettings(Environment environment) {
        return settings(environment);
    }

    /** Picked up by {@link KafkaAdmin}, which creates what is missing (and adds partitions, or applies changed configs). */
    @Bean
    @Conditional(Creating.class)
    KafkaAdmin.NewTopics cardLedgerTopics(TopicsProperties properties, TopicSettings settings) {
        return new KafkaAdmin.NewTopics(CardLedgerTopics.declare(properties.used(), settings)
                .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }

    /** Runs before any listener container or producer starts (those start with the context's lifecycle). */
    @Bean
    @Conditional(Verifying.class)
    SmartInitializingSingleton cardLedgerTopicVerification(KafkaAdmin admin, TopicsProperties properties, TopicSettings settings) {
        List<org.apache.kafka.clients.admin.NewTopic> expected = CardLedgerTopics.declare(properties.used(), settings);
        return () -> new TopicVerifier(admin.getConfigurationProperties(), VERIFY_TIMEOUT_MS).verify(expected);
    }

    /** A service that names its topics (as a YAML list or a comma-separated value). */
    static final class NamesTopics implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !Binder.get(context.getEnvironment()).bind("cardledger.topics.used", org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                    .orElse(List.of()).isEmpty();
        }
    }

    static final class Creating implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return settings(context.getEnvironment()).create();
        }
    }

    static final class Verifying implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !settings(context.getEnvironment()).create();
        }
    }
}
