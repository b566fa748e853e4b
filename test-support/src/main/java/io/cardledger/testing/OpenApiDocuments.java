package io.cardledger.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The OpenAPI documents committed under docs/openapi/, one per service, compared with what the running
 * service serves at /v3/api-docs (its drift test). With {@code -Dcardledger.contracts.write=true} the
 * test writes the served document instead (docs/openapi/README.md has the one-line command).
 */
public final class OpenApiDocuments {
    public static final String WRITE_PROPERTY = "cardledger.contracts.write";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OpenApiDocuments() {
    }

    /** The served document without what differs per run (the server URL with its random port). */
    public static JsonNode normalised(String served) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(served);
        doc.remove("servers");
        return JSON.readTree(JSON.writeValueAsString(JSON.treeToValue(doc, Object.class)));
    }

    /** docs/openapi/SERVICE.json, found from the working directory up. */
    public static Path committed(String service) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docs/ above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docs/openapi/" + service + ".json");
    }

    /** Writes the served document when asked to; returns the committed one (null when there is none). */
    public static JsonNode committedOrWritten(String service, JsonNode served) throws IOException {
        Path file = committed(service);
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(JSON.treeToValue(served, Object.class)) + "\n");
        }
        return Files.exists(file) ? JSON.readTree(file.toFile()) : null;
    }
}
