package io.cardledger.ledger.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.events.notification.NotificationParser;
import io.cardledger.events.notification.RawNotification;

import java.time.Instant;

/** Builds issuer notifications the way webhook-ingest would put them on the raw topic. */
public final class Notifications {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode body = JSON.createObjectNode();

    private Notifications(String type, String cardId) {
        body.put("c1Tipo", type);
        body.put("c2CardId", cardId);
        body.put("c3CodigoProceso", "000000");
        body.put("c4ImporteTransaccion", "000000000000");
        body.put("c7FechaHoraTransaccion", "20260429052901");
        body.put("BDateUtcCreate", "20260429052901");
        body.put("c11NumeroIdentificativoTransaccion", "");
        body.put("c18CodigoActividadEstablecimiento", "5999");
        body.put("c19CodigoPaisAdquirente", "724");
        body.put("c38NumeroAutorizacion", "");
        body.put("c41TerminalId", "00227759");
        body.put("c42Comercio", "227759000156182");
        body.put("c43IdentificadorComercio", "AMZN Mktp ES Amazon.ES");
        body.put("isExpiration", false);
        body.put("isMulticlearing", false);
        body.put("multiclearingClose", false);
    }

    public static Notifications of(String type, String cardId) {
        return new Notifications(type, cardId);
    }

    public Notifications amount(long minor) {
        body.put("c4ImporteTransaccion", String.format("%012d", minor));
        return this;
    }

    public Notifications c11(String c11) {
        body.put("c11NumeroIdentificativoTransaccion", c11);
        body.put("c38NumeroAutorizacion", c11.isEmpty() ? "" : c11.substring(Math.max(0, c11.length() - 6)));
        return this;
    }

    public Notifications moneySend() {
        body.put("c3CodigoProceso", "820000");
        return this;
    }

    public Notifications multiclearing(boolean close) {
        body.put("isMulticlearing", true);
        body.put("multiclearingClose", close);
        return this;
    }

    public Notifications expiration() {
        body.put("isExpiration", true);
        return this;
    }

    public Notifications merchant(String name) {
        body.put("c43IdentificadorComercio", name);
        return this;
    }

    /** Another field value, e.g. to make two otherwise equal notifications distinct. */
    public Notifications with(String field, String value) {
        body.put(field, value);
        return this;
    }

    public ObjectNode body() {
        return body.deepCopy();
    }

    public RawNotification raw() {
        ObjectNode copy = body();
        return new RawNotification(RawNotification.SCHEMA_VERSION, NotificationIds.of(copy), Instant.parse("2026-04-29T05:29:01Z"),
                NotificationParser.parse(copy), copy);
    }
}
