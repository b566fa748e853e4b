package io.cardledger.ingest.katfacil;

import io.cardledger.events.katfacil.KatFacilMapping;
import io.cardledger.events.katfacil.MappedField;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.events.text.TextSafety;
import io.cardledger.ingest.web.CardDataScrubber;
import io.cardledger.ingest.web.JsonBodies;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.SharedSecret;
import io.cardledger.ingest.web.WebhookRejectedException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Turns a KatFacil webhook into the record appended to {@code cardledger.katfacil-events.v1}, or
 * refuses it. No Spring, no Kafka. The credentials are checked before the body is parsed; secrets,
 * OTPs and activation codes are removed before anything reads the body for keeps.
 *
 * <p>Tolerant by design: any JSON object with an event name is kept, whatever its fields; an event
 * name the mapping does not know is kept as UNRECOGNISED and reported. Only what would make the
 * record ambiguous or unsafe is refused: no event name, or an id the ledger would key on that is not
 * a valid id (over 64 characters or with control characters).
 */
public final class KatFacilIntake {
    private static final ObjectMapper EVENTS = LedgerEventTypes.configure(new ObjectMapper());
    private static final String BEARER = "Bearer ";
    private static final String SIGNATURE_PREFIX = "sha256=";
    /** Id fields the ledger keys on: refused when present but not a valid id, and never PAN-masked. */
    private static final List<MappedField> IDS = List.of(MappedField.EVENT_ID, MappedField.CARD_ID, MappedField.USER_ID,
            MappedField.WALLET_ID, MappedField.TRANSACTION_ID, MappedField.FUNDING_ID);

    private final SharedSecret secret;
    private final byte[] signatureKey;
    private final KatFacilMapping mapping;
    private final CardDataScrubber scrubber;
    private final Clock clock;

    /** @param signatureKey the HMAC-SHA256 key, or null when no signature is required */
    public KatFacilIntake(SharedSecret secret, byte[] signatureKey, KatFacilMapping mapping, CardDataScrubber scrubber, Clock clock) {
        this.secret = secret;
        this.signatureKey = signatureKey == null ? null : signatureKey.clone();
        this.mapping = mapping;
        this.scrubber = scrubber;
        this.clock = clock;
    }

    /** @throws WebhookRejectedException (401) when the Authorization header is not the configured bearer secret */
    public void authenticate(String authorization) {
        if (authorization == null) {
            throw new WebhookRejectedException(Rejection.UNAUTHORIZED,
                    "The Authorization header is missing; send \"Authorization: Bearer <the KatFacil webhook secret>\"");
        }
        String presented = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : null;
        if (!secret.matches(presented)) {
            throw new WebhookRejectedException(Rejection.UNAUTHORIZED,
                    "The Authorization header does not carry the configured KatFacil webhook secret as a Bearer token");
        }
    }

    /** @throws WebhookRejectedException (401) when a signature is required and missing or wrong */
    public void verifySignature(String signature, byte[] body) {
        if (signatureKey == null) {
            return;
        }
        if (signature == null || signature.isBlank()) {
            throw new WebhookRejectedException(Rejection.UNAUTHORIZED, "The body signature header is missing");
        }
        String hex = signature.strip();
        if (hex.regionMatches(true, 0, SIGNATURE_PREFIX, 0, SIGNATURE_PREFIX.length())) {
            hex = hex.substring(SIGNATURE_PREFIX.length());
        }
        byte[] expected = HexFormat.of().formatHex(hmac(body)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, hex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new WebhookRejectedException(Rejection.UNAUTHORIZED, "The body signature does not match (HMAC-SHA256 of the body)");
        }
    }

    public byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signatureKey, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** @throws WebhookRejectedException when the body is not accepted */
    public AcceptedEvent accept(byte[] bodyBytes) {
        ObjectNode body = JsonBodies.readObject(bodyBytes);
        String eventName = KatFacilMapping.eventName(body);
        if (eventName == null) {
            throw new WebhookRejectedException(Rejection.INVALID_FIELD,
                    "The body has no event name: send it as a non-empty text in \"event\", \"type\" or \"event_type\"");
        }
        KatFacilEventKind kind = mapping.kindOf(eventName);
        // Ids are ids by contract, some of them long digit strings: kept out of PAN masking (as PayCaddy's
        // documented id fields are), while OTPs, activation codes and card data go at any depth.
        List<Kept> kept = idsAndAmount(body, kind);
        scrubber.scrub(body);
        for (Kept k : kept) {
            k.restore();
        }
        // Ids are refused, free text is kept with its control characters replaced (docs/adr/0008).
        for (MappedField id : IDS) {
            String value = mapping.text(body, kind, id);
            if (value != null && !TextSafety.isValidId(value)) {
                throw new WebhookRejectedException(Rejection.INVALID_FIELD, "The " + id.key() + " must be 1-"
                        + TextSafety.MAX_ID_LENGTH + " characters with no control characters");
            }
        }
        TextSafety.cleanTexts(body);
        KatFacilEvent event = mapping.read(eventName, body);
        String key = RawKatFacilEvent.keyOf(event.eventId(), body);
        RawKatFacilEvent raw = new RawKatFacilEvent(RawKatFacilEvent.SCHEMA_VERSION, key, clock.instant(), event, body);
        return new AcceptedEvent(event.cardId() != null ? event.cardId() : key, raw, serialise(raw));
    }

    private List<Kept> idsAndAmount(ObjectNode body, KatFacilEventKind kind) {
        List<Kept> kept = new ArrayList<>();
        for (MappedField f : IDS) {
            keep(body, kind, f, kept);
        }
        keep(body, kind, MappedField.AMOUNT, kept);
        return kept;
    }

    private void keep(ObjectNode body, KatFacilEventKind kind, MappedField field, List<Kept> kept) {
        for (String[] path : mapping.paths(kind, field)) {
            JsonNode value = KatFacilMapping.at(body, path);
            if (value != null && value.isTextual() && KatFacilMapping.at(body, parent(path)) instanceof ObjectNode parent) {
                kept.add(new Kept(parent, path[path.length - 1], value));
            }
        }
    }

    private static String[] parent(String[] path) {
        return java.util.Arrays.copyOf(path, path.length - 1);
    }

    /** A value put back after scrubbing, unless its key was one the scrubber removes (then it stays removed). */
    private record Kept(ObjectNode parent, String key, JsonNode value) {
        void restore() {
            if (parent.has(key)) {
                parent.set(key, value);
            }
        }
    }

    private static byte[] serialise(RawKatFacilEvent raw) {
        try {
            return EVENTS.writeValueAsBytes(raw);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A KatFacil event must always serialise", e);
        }
    }

    /**
     * @param key     the Kafka key: the card id, so one card's events stay in order on one partition
     *                (the event key when the body names no card)
     * @param payload the {@link RawKatFacilEvent} as JSON
     */
    public record AcceptedEvent(String key, RawKatFacilEvent raw, byte[] payload) {
    }
}
