package io.cardledger.testing.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.events.notification.NotificationParser;
import io.cardledger.events.notification.RawNotification;

import java.time.Instant;

/** One issuer notification of a generated stream. */
public record Note(String type, String c11, long amountMinor, boolean moneySend) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Note auth(String c11, long amount) {
        return new Note("PeticionAutorizacion", c11, amount, false);
    }

    static Note of(String type, String c11, long amount) {
        return new Note(type, c11, amount, false);
    }

    static Note moneySend(String type, String c11, long amount) {
        return new Note(type, c11, amount, true);
    }

    /** The webhook body the issuer would send (without its password). */
    public ObjectNode body(String cardId) {
        ObjectNode b = JSON.createObjectNode();
        b.put("c1Tipo", type);
        b.put("c2CardId", cardId);
        b.put("c3CodigoProceso", moneySend ? "820000" : "000000");
        b.put("c4ImporteTransaccion", String.format("%012d", amountMinor));
        b.put("c7FechaHoraTransaccion", "20260429052901");
        b.put("BDateUtcCreate", "20260429052901");
        b.put("c11NumeroIdentificativoTransaccion", c11);
        b.put("c18CodigoActividadEstablecimiento", "5999");
        b.put("c19CodigoPaisAdquirente", "724");
        b.put("c38NumeroAutorizacion", c11.isEmpty() ? "" : c11.substring(Math.max(0, c11.length() - 6)));
        b.put("c41TerminalId", "00227759");
        b.put("c42Comercio", "227759000156182");
        b.put("c43IdentificadorComercio", "AMZN Mktp ES Amazon.ES");
        b.put("IdCadena", "0");
        b.put("isExpiration", false);
        b.put("isMulticlearing", false);
        b.put("multiclearingClose", false);
        return b;
    }

    public RawNotification raw(String cardId) {
        ObjectNode b = body(cardId);
        return new RawNotification(RawNotification.SCHEMA_VERSION, NotificationIds.of(b), Instant.parse("2026-04-29T05:29:01Z"),
                NotificationParser.parse(b), b);
    }
}
