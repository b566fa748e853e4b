package io.cardledger.events.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bounds on what any JSON reader of ours accepts: a body nested a thousand levels deep, a
 * number of a million digits or a string of hundreds of megabytes is refused while it is read
 * (Jackson's {@link StreamReadConstraints}: a {@code StreamConstraintsException}, which the web
 * layers answer with 400), instead of costing the stack, the CPU or the heap.
 *
 * <p>Webhook bodies are held to a shallower depth than the services' own readers, because a
 * card event embeds the raw notification's body a few levels down: whatever ingest accepted,
 * the ledger can always read back.
 */
public final class JsonLimits {
    /** Issuer webhook bodies (flat objects in practice). */
    public static final StreamReadConstraints WEBHOOK = StreamReadConstraints.builder()
            .maxNestingDepth(32)
            .maxNumberLength(64)
            .maxStringLength(100_000)
            .build();

    /** The services' own readers: HTTP APIs, Kafka records, stored events. */
    public static final StreamReadConstraints SERVICE = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxNumberLength(64)
            .maxStringLength(1_000_000)
            .build();

    private JsonLimits() {
    }

    /** {@code mapper} with the service limits. */
    public static <M extends ObjectMapper> M service(M mapper) {
        mapper.getFactory().setStreamReadConstraints(SERVICE);
        return mapper;
    }
}
