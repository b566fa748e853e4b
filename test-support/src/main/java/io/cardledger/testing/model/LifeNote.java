package io.cardledger.testing.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.events.notification.NotificationParser;
import io.cardledger.events.notification.RawNotification;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One issuer notification of a generated authorization life ({@link Lives}). Notes of one life
 * differ at least in their time ({@code seq} seconds after the life's start, as c7); a redelivery
 * is the same note again (same body, same notification id).
 *
 * @param type          c1Tipo
 * @param amountMinor   c4; ignored when {@code unreadable}
 * @param unreadable    c4 sent empty
 * @param seq           order the issuer produced it in; c7 = start + seq seconds
 */
public record LifeNote(String type, long amountMinor, boolean moneySend, boolean multiclearing, boolean close,
                       boolean expiration, boolean unreadable, int seq) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDateTime START = LocalDateTime.parse("2026-04-29T05:29:01");
    private static final DateTimeFormatter ISSUER_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    /** The webhook body the issuer would send (without its password). */
    public ObjectNode body(String cardId, String c11) {
        String time = START.plusSeconds(seq).format(ISSUER_TIME);
        ObjectNode b = JSON.createObjectNode();
        b.put("c1Tipo", type);
        b.put("c2CardId", cardId);
        b.put("c3CodigoProceso", moneySend ? "820000" : "000000");
        b.put("c4ImporteTransaccion", unreadable ? "" : String.format("%012d", amountMinor));
        b.put("c7FechaHoraTransaccion", time);
        b.put("BDateUtcCreate", time);
        b.put("c11NumeroIdentificativoTransaccion", c11);
        b.put("c18CodigoActividadEstablecimiento", "5999");
        b.put("c19CodigoPaisAdquirente", "724");
        b.put("c38NumeroAutorizacion", c11.substring(Math.max(0, c11.length() - 6)));
        b.put("c41TerminalId", "00227759");
        b.put("c42Comercio", "227759000156182");
        b.put("c43IdentificadorComercio", "AMZN Mktp ES Amazon.ES");
        b.put("IdCadena", "0");
        b.put("isExpiration", expiration);
        b.put("isMulticlearing", multiclearing || close);
        b.put("multiclearingClose", close);
        return b;
    }

    public RawNotification raw(String cardId, String c11) {
        ObjectNode b = body(cardId, c11);
        return new RawNotification(RawNotification.SCHEMA_VERSION, NotificationIds.of(b), Instant.parse("2026-04-29T05:29:01Z"),
                NotificationParser.parse(b), b);
    }

    @Override
    public String toString() {
        return type + (moneySend ? "/MS" : "") + (close ? "/close" : multiclearing ? "/part" : "") + (expiration ? "/exp" : "")
                + "(" + (unreadable ? "?" : amountMinor) + ")#" + seq;
    }
}
