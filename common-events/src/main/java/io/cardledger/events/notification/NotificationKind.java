package io.cardledger.events.notification;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What a c1Tipo means to the rulebook. */
public enum NotificationKind {
    AUTHORIZATION,
    ADVICE,
    REVERSAL,
    REFUND_REQUEST,
    CONFIRMATION,
    CORRECTION_POSITIVE,
    CORRECTION_NEGATIVE,
    DECLINE,
    UNRECOGNISED;

    /** Decline reasons, upper-cased: c1Tipo is matched without regard to case (DESIGN.md section 3). */
    private static final Set<String> DECLINES = Set.of(
            "NO HAY FONDOS",
            "IMPORTE SUPERA LIMITE",
            "EXCEDIDO NUMERO DE OPERACION DIARIO",
            "FECHA CADUCIDAD ERRONEO",
            "RECHAZADAPORAUTORIZADOR",
            "EXCEDETIEMPOAUTORIZACION",
            "NOTIFICACIONDENEGACION");
    private static final List<String> DECLINE_PREFIXES = List.of("DENEGADA", "DENEGACION POR COMERCIO");

    /**
     * The kind of a c1Tipo, matched without regard to case or surrounding spaces: the issuer's own
     * pages write {@code transaccionCorregidaNegativa}.
     */
    public static NotificationKind of(String type) {
        if (type == null) {
            return UNRECOGNISED;
        }
        String t = type.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "PETICIONAUTORIZACION" -> AUTHORIZATION;
            case "COMUNICACIONAUTORIZACION" -> ADVICE;
            case "COMUNICACIONANULACION" -> REVERSAL;
            case "PETICIONDEVOLUCION" -> REFUND_REQUEST;
            case "TRANSACCIONCONFIRMADA" -> CONFIRMATION;
            case "TRANSACCIONCORREGIDAPOSITIVA" -> CORRECTION_POSITIVE;
            case "TRANSACCIONCORREGIDANEGATIVA" -> CORRECTION_NEGATIVE;
            default -> isDecline(t) ? DECLINE : UNRECOGNISED;
        };
    }

    private static boolean isDecline(String upper) {
        return DECLINES.contains(upper) || DECLINE_PREFIXES.stream().anyMatch(upper::startsWith);
    }

    /** Low-cardinality family for metric tags: never a raw c1Tipo, which the issuer can invent. */
    public String family() {
        return name().toLowerCase(Locale.ROOT);
    }
}
