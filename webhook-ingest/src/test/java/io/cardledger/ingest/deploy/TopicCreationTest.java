package io.cardledger.ingest.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.cardledger.ingest.deploy.Yamls.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23: no main source or configuration creates a topic with one copy outside the local profile.
 * Topics are declared once (service-support's CardLedgerTopics); the services' packaged configuration
 * keeps the production defaults (3 copies, min.insync.replicas 2, verify only); the deploy steps that
 * create them (Strimzi KafkaTopics, compose's kafka-topics job) ask for 3 copies.
 */
class TopicCreationTest {
    private static final Path ROOT = RenderedOverlaysTest.root();
    private static final String DECLARATION = "service-support/src/main/java/io/cardledger/support/topics/CardLedgerTopics.java";

    @Test
    void onlyTheDeclarationBuildsTopics() throws IOException {
        List<String> builders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
                    .filter(f -> !f.toString().contains("/target/")).toList()) {
                String text = Files.readString(file);
                if (text.contains("TopicBuilder") || text.contains("new NewTopic(") || text.contains("createTopics(")) {
                    builders.add(ROOT.relativize(file).toString());
                }
            }
        }
        assertThat(builders).containsExactly(DECLARATION);
    }

    @Test
    void noPackagedConfigurationWeakensTheTopicsOrCreatesThem() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().contains("/src/main/resources/") && f.getFileName().toString().startsWith("application")
                    && (f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))).filter(f -> !f.toString().contains("/target/")).toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    Map<String, Object> topics = map(doc, "cardledger", "topics");
                    for (String key : List.of("replication-factor", "min-insync-replicas", "create")) {
                        if (topics.containsKey(key)) {
                            problems.add(ROOT.relativize(file) + " sets cardledger.topics." + key + "=" + topics.get(key));
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void composeCreatesTheTopicsWithThreeCopiesAndAQuorumOfTwo() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher creations = Pattern.compile("kafka-topics\\.sh[^\\n]*--create[\\s\\S]*?--replication-factor (\\d+)[\\s\\S]*?min\\.insync\\.replicas=(\\d+)")
                .matcher(compose);
        assertThat(creations.find()).as("compose creates the topics").isTrue();
        assertThat(creations.group(1)).isEqualTo("3");
        assertThat(creations.group(2)).isEqualTo("2");
        assertThat(compose).doesNotContain("CARDLEDGER_TOPICS_REPLICATION_FACTOR").doesNotContain("CARDLEDGER_TOPICS_CREATE");
    }
}
