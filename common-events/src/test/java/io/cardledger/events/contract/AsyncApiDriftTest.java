package io.cardledger.events.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/asyncapi.yaml is what common-events defines: a change to a topic, a record or the list of
 * published types fails here until the document is regenerated (and reviewed as a contract change):
 * {@code ./mvnw -q -pl common-events test -Dtest=AsyncApiDriftTest -Dcardledger.contracts.write=true}.
 */
class AsyncApiDriftTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private static Path document() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("common-events"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root").isNotNull();
        return dir.resolve("docs/asyncapi.yaml");
    }

    @Test
    void theCommittedDocumentIsWhatTheCodeDefines() throws IOException {
        JsonNode generated = new AsyncApiDocument().build();
        Path file = document();
        if (Boolean.getBoolean("cardledger.contracts.write")) {
            Files.writeString(file, "# Generated from common-events by AsyncApiDriftTest: do not edit by hand.\n" + YAML.writeValueAsString(generated));
        }
        assertThat(file).as("docs/asyncapi.yaml (generate it with -Dcardledger.contracts.write=true)").exists();
        JsonNode committed = YAML.readTree(file.toFile());
        assertThat(committed).as("docs/asyncapi.yaml drifted from common-events; regenerate: ./mvnw -q -pl common-events test "
                + "-Dtest=AsyncApiDriftTest -Dcardledger.contracts.write=true").isEqualTo(generated);
    }

    @Test
    void everyTopicAndEveryPublishedTypeIsInTheDocument() throws Exception {
        JsonNode doc = YAML.readTree(document().toFile());
        List<String> addresses = new ArrayList<>();
        doc.get("channels").forEach(c -> addresses.add(c.get("address").asText()));
        List<String> topics = new ArrayList<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                topics.add((String) f.get(null));
            }
        }
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(topics);
        assertThat(doc.get("asyncapi").asText()).isEqualTo("3.0.0");
        for (Class<?> type : LedgerEventTypes.all()) {
            assertThat(doc.at("/channels/ledgerEvents/messages/" + type.getSimpleName()).isMissingNode()).as(type.getSimpleName()).isFalse();
            assertThat(AsyncApiDocument.schemaNames(doc)).contains(type.getSimpleName());
        }
    }

    record Probe(long amountMinor, String note, java.time.Instant at, java.util.Set<io.cardledger.events.card.MovementFlag> flags) {
    }

    @Test
    void aRecordsComponentsBecomeItsSchemaAsJacksonWritesThem() {
        JsonNode schema = new AsyncApiDocument().componentOf(Probe.class);

        assertThat(schema.at("/properties/amountMinor/type").asText()).isEqualTo("integer");
        assertThat(schema.at("/properties/amountMinor/format").asText()).isEqualTo("int64");
        assertThat(schema.at("/properties/note/type").asText()).isEqualTo("string");
        assertThat(schema.at("/properties/at/format").asText()).isEqualTo("date-time");
        assertThat(schema.at("/properties/flags/uniqueItems").asBoolean()).isTrue();
        assertThat(schema.at("/properties/flags/items/enum")).isNotEmpty();
        assertThat(schema.get("required").toString()).isEqualTo("[\"amountMinor\"]");
    }
}
