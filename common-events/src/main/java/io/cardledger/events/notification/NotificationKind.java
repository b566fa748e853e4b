package io.cardledger.events.notification;

import java.util.List;
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

    private static final Set<String> DECLINES = Set.of(
            "NO HAY FONDOS",
            "IMPORTE SUPERA LIMITE",
            "EXCEDIDO NUMERO DE OPERACION DIARIO",
            "FECHA CADUCIDAD ERRONEO",
            "RechazadaPorAutorizador",
            "ExcedeTiempoAutorizacion",
            "NotificacionDenegacion");
    private static final List<String> DECLINE_PREFIXES = List.of("DENEGADA", "DENEGACION POR COMERCIO");

    public static NotificationKind of(String type) {
        if (type == null) {
            return UNRECOGNISED;
        }
        String t = type.trim();
        return switch (t) {
            case "PeticionAutorizacion" -> AUTHORIZATION;
            case "ComunicacionAutorizacion" -> ADVICE;
            case "ComunicacionAnulacion" -> REVERSAL;
            case "PeticionDevolucion" -> REFUND_REQUEST;
            case "TransaccionConfirmada" -> CONFIRMATION;
            case "TransaccionCorregidaPositiva" -> CORRECTION_POSITIVE;
            case "TransaccionCorregidaNegativa" -> CORRECTION_NEGATIVE;
            default -> isDecline(t) ? DECLINE : UNRECOGNISED;
        };
    }

    private static boolean isDecline(String t) {
        if (DECLINES.contains(t)) {
            return true;
        }
        String upper = t.toUpperCase(java.util.Locale.ROOT);
        return DECLINE_PREFIXES.stream().anyMatch(upper::startsWith);
    }

    /** Low-cardinality family for metric tags: never a raw c1Tipo, which the issuer can invent. */
    public String family() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isSettlement() {
        return this == CONFIRMATION || this == CORRECTION_POSITIVE || this == CORRECTION_NEGATIVE;
    }
}
