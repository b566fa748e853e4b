package io.cardledger.ingest.notification;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.events.notification.NotificationParser;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * Computes exactly {@link NotificationIds#of(ObjectNode)} (SHA-256 over the body in canonical form:
 * keys sorted at every level, {@code password} removed at every level, serialised by a default
 * {@link ObjectMapper}), without building a sorted copy of the tree and a byte array first: the
 * canonical JSON is generated straight into the digest. Same bytes, same id: {@code
 * NotificationIdDigestTest} compares the two on generated bodies of every shape.
 */
final class NotificationIdDigest {
    /** The mapper NotificationIds uses (a default one): same generator settings, same leaf serialisation. */
    private static final ObjectMapper CANONICAL = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<DigestSink> SINKS = ThreadLocal.withInitial(DigestSink::new);

    private NotificationIdDigest() {
    }

    static String of(ObjectNode bodyWithoutPassword) {
        DigestSink sink = SINKS.get();
        sink.digest.reset();
        try (JsonGenerator gen = CANONICAL.getFactory().createGenerator(sink, JsonEncoding.UTF8)) {
            write(gen, bodyWithoutPassword);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "n-" + HEX.formatHex(sink.digest.digest(), 0, 16);
    }

    private static void write(JsonGenerator gen, JsonNode node) throws IOException {
        if (node.isObject()) {
            String[] names = new String[node.size()];
            int n = 0;
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names[n++] = it.next();
            }
            Arrays.sort(names, 0, n);
            gen.writeStartObject();
            for (int i = 0; i < n; i++) {
                if (!NotificationParser.PASSWORD_FIELD.equals(names[i])) {
                    gen.writeFieldName(names[i]);
                    write(gen, node.get(names[i]));
                }
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (JsonNode child : node) {
                write(gen, child);
            }
            gen.writeEndArray();
        } else if (node.isTextual()) {
            gen.writeString(node.textValue());
        } else {
            // Numbers, booleans, nulls: exactly as the default mapper writes them.
            CANONICAL.writeTree(gen, node);
        }
    }

    /** An OutputStream that only feeds a SHA-256 digest; one per thread, reused. */
    private static final class DigestSink extends OutputStream {
        private final MessageDigest digest;

        DigestSink() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }
}
