package io.cardledger.ingest.chargeback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.chargeback.ChargebackReport;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.events.notification.NotificationParser;
import io.cardledger.events.text.TextSafety;
import io.cardledger.ingest.web.CardDataScrubber;
import io.cardledger.ingest.web.JsonBodies;
import io.cardledger.ingest.web.Rejection;
import io.cardledger.ingest.web.SharedSecret;
import io.cardledger.ingest.web.WebhookRejectedException;

import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the issuer's chargeback webhook into a {@link ChargebackReport}. The seed documents no
 * schema, so the fields are found leniently (names compared without case): the card in
 * {@code c2CardId} or {@code cardId}, the transaction in {@code transactionId},
 * {@code numeroidentificativoTransaction} or any {@code c11…} field, the status in {@code status} or
 * {@code chargeBackStatus}, an optional amount (minor units, a number or digits) in {@code amount},
 * {@code amountMinor} or {@code c4ImporteTransaccion}. Authenticated like the notifications (the body's
 * {@code password}), which is removed, with card data, before anything is kept; the rest of the body is
 * kept as received.
 */
public final class ChargebackIntake {
    private static final ObjectMapper EVENTS = LedgerEventTypes.configure(new ObjectMapper());
    private static final List<String> CARD = List.of("c2cardid", "cardid");
    private static final List<String> TRANSACTION = List.of("transactionid", "numeroidentificativotransaction",
            "c11numeroidentificativotransaccion");
    private static final List<String> STATUS = List.of("status", "chargebackstatus");
    private static final List<String> AMOUNT = List.of("amount", "amountminor", "c4importetransaccion");
    private static final int MAX_STATUS = 64;

    private final SharedSecret password;
    private final CardDataScrubber scrubber;
    private final Clock clock;

    public ChargebackIntake(SharedSecret password, CardDataScrubber scrubber, Clock clock) {
        this.password = password;
        this.scrubber = scrubber;
        this.clock = clock;
    }

    public Accepted accept(byte[] bodyBytes) {
        ObjectNode body = JsonBodies.readObject(bodyBytes);
        String presented = JsonBodies.text(body.remove(NotificationParser.PASSWORD_FIELD));
        if (!password.matches(presented)) {
            throw new WebhookRejectedException(Rejection.UNAUTHORIZED, presented == null
                    ? "The body has no \"password\" field; send the password enlisted with NotificationEnlist"
                    : "The \"password\" field does not match the enlisted webhook password");
        }
        scrubber.scrub(body);
        String cardId = id(field(body, CARD, false), "c2CardId or cardId");
        String c11 = id(field(body, TRANSACTION, true), "transactionId or c11NumeroIdentificativoTransaccion");
        String status = JsonBodies.text(field(body, STATUS, false));
        if (status == null || status.isBlank() || status.length() > MAX_STATUS) {
            throw new WebhookRejectedException(Rejection.INVALID_FIELD,
                    "status (or chargeBackStatus) is required: 1-" + MAX_STATUS + " characters");
        }
        Long amount = amount(field(body, AMOUNT, false));
        String raw = body.toString();
        String id = NotificationIds.ofText("cb-", raw);
        ChargebackReport report = new ChargebackReport(id, cardId, c11.trim(), TextSafety.clean(status), amount, raw,
                clock.instant());
        try {
            return new Accepted(report, EVENTS.writeValueAsBytes(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A chargeback report must always serialise", e);
        }
    }

    /** The first top-level field named (case aside) like one of {@code names}, or starting with "c11" if allowed. */
    private static JsonNode field(ObjectNode body, List<String> names, boolean anyC11) {
        JsonNode c11 = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (names.contains(name)) {
                return e.getValue();
            }
            if (anyC11 && c11 == null && name.startsWith("c11")) {
                c11 = e.getValue();
            }
        }
        return c11;
    }

    private static String id(JsonNode node, String names) {
        String value = node != null && node.isNumber() ? node.asText() : JsonBodies.text(node);
        if (value == null || value.isBlank() || !TextSafety.isValidId(value)) {
            throw new WebhookRejectedException(Rejection.INVALID_FIELD, names + " is required: 1-" + TextSafety.MAX_ID_LENGTH
                    + " characters with no control characters");
        }
        return value;
    }

    private static Long amount(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isIntegralNumber() ? node.asText() : JsonBodies.text(node);
        if (text == null || !text.matches("\\d{1,15}")) {
            throw new WebhookRejectedException(Rejection.INVALID_FIELD,
                    "amount must be minor units: a whole number or 1-15 digits, at most 10^15");
        }
        return Long.parseLong(text);
    }

    /** @param payload the report as JSON, keyed by {@code report.cardId()} on the chargebacks topic */
    public record Accepted(ChargebackReport report, byte[] payload) {
    }
}
