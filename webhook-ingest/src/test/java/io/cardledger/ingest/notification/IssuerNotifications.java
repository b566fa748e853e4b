package io.cardledger.ingest.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Notification bodies shaped like the PayCaddy "Transaction Webhooks" examples, one card id per call. */
public final class IssuerNotifications {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong TRANSACTION_IDS = new AtomicLong(4339);

    private IssuerNotifications() {
    }

    public static String newCardId() {
        return "card-" + UUID.randomUUID();
    }

    /** The documented example body for a c1Tipo, with a fresh card id and c11. */
    public static ObjectNode notification(String password, String type, String cardId) {
        ObjectNode body = JSON.createObjectNode();
        if (password != null) {
            body.put("password", password);
        }
        body.put("c1Tipo", type);
        body.put("c2CardId", cardId);
        body.put("c3CodigoProceso", "000000");
        body.put("c4ImporteTransaccion", "000000001617");
        body.put("c7FechaHoraTransaccion", "20220429052901");
        body.put("BDateUtcCreate", "20220429032901");
        body.put("c11NumeroIdentificativoTransaccion", String.format("%09d", TRANSACTION_IDS.incrementAndGet()));
        body.put("c18CodigoActividadEstablecimiento", "5999");
        body.put("c19CodigoPaisAdquirente", "442");
        body.put("c38NumeroAutorizacion", "040031");
        body.put("c41TerminalId", "00227759");
        body.put("c42Comercio", "227759000156182");
        body.put("c43IdentificadorComercio", "AMZN Mktp ES Amazon.ES");
        return body;
    }
}
