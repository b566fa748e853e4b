package io.cardledger.events.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads the issuer's notification body into a {@link CardNotification}.
 *
 * <p>Strict only where routing depends on it: {@code c1Tipo} and {@code c2CardId} must be present.
 * Everything else is read leniently, because the issuer's notifications are facts: an odd timestamp
 * must not cost us a settlement, and an unreadable {@code c4ImporteTransaccion} (empty, not digits,
 * beyond a long) is accepted as "amount unreadable" (amount 0, moves no money, flagged for analysts).
 * Unknown fields stay in the raw body.
 */
public final class NotificationParser {
    public static final String PASSWORD_FIELD = "password";
    private static final DateTimeFormatter ISSUER_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    /** 18 digits always fit in a long; more is beyond what any wallet holds, read as unreadable. */
    private static final int MAX_AMOUNT_DIGITS = 18;
    /** What {@link #amountMinor} answers for an amount it cannot read. */
    static final long UNREADABLE = -1;

    private NotificationParser() {
    }

    public static CardNotification parse(ObjectNode body) {
        String type = requiredText(body, "c1Tipo");
        String cardId = requiredText(body, "c2CardId");
        JsonNode c4 = body.get("c4ImporteTransaccion");
        long amount = amountMinor(c4);
        return new CardNotification(
                type,
                cardId,
                text(body, "c3CodigoProceso"),
                Math.max(amount, 0),
                localTime(text(body, "c7FechaHoraTransaccion")),
                utcTime(text(body, "BDateUtcCreate")),
                orEmpty(text(body, "c11NumeroIdentificativoTransaccion")),
                text(body, "c18CodigoActividadEstablecimiento"),
                text(body, "c19CodigoPaisAdquirente"),
                orEmpty(text(body, "c38NumeroAutorizacion")),
                text(body, "c41TerminalId"),
                text(body, "c42Comercio"),
                text(body, "c43IdentificadorComercio"),
                text(body, "IdCadena"),
                text(body, "c22DatosPuntoServicio"),
                text(body, "c22Descripcion"),
                flag(body, "isExpiration"),
                flag(body, "isMulticlearing"),
                flag(body, "multiclearingClose"),
                amount == UNREADABLE);
    }

    /**
     * c4 is a zero-padded count of minor units ("000000001617" is 16.17). Absent means 0; empty, not
     * digits or beyond a long is {@link #UNREADABLE}.
     */
    static long amountMinor(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0L;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() && node.asLong() >= 0 ? node.asLong() : UNREADABLE;
        }
        String s = node.isTextual() ? node.asText().trim() : null;
        if (s == null || s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return UNREADABLE;
        }
        String digits = s.replaceFirst("^0+(?=.)", "");
        if (digits.length() > MAX_AMOUNT_DIGITS) {
            return UNREADABLE;
        }
        return Long.parseLong(digits);
    }

    private static String requiredText(ObjectNode body, String field) {
        String value = text(body, field);
        if (value == null || value.isBlank()) {
            throw new InvalidNotificationException(field, field + " is required");
        }
        return value;
    }

    private static String text(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    private static boolean flag(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        return node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(node.asText().trim());
    }

    static LocalDateTime localTime(String s) {
        if (s == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(s.trim(), ISSUER_TIME);
        } catch (DateTimeException e) {
            return null;
        }
    }

    static Instant utcTime(String s) {
        LocalDateTime t = localTime(s);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
