package io.cardledger.testing.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A wallet operation the integrator records (scenarios README: {@code payIn}, {@code payOut},
 * {@code transfer}), placed in a generated stream after {@code afterArrivals} card notifications.
 *
 * @param kind           which operation
 * @param id             the issuer's operation id; a retry repeats an earlier operation with the same id and content
 * @param walletFrom     the paying wallet (pay-out, transfer), else null
 * @param walletTo       the receiving wallet (pay-in, transfer), else null
 * @param amountMinor    the amount in minor units, always positive
 * @param currency       ISO 4217 code of the operation
 * @param afterArrivals  how many card notifications have arrived before it (capped at the stream's length)
 * @param atAvailablePlus when not null, the amount is not {@code amountMinor} but what the paying wallet has
 *                        available at that moment plus this (at least 1): pay-outs and transfers right at
 *                        the edge of "sufficient funds". {@link GeneratedStream#plan()} resolves it.
 */
public record Operation(Kind kind, String id, String walletFrom, String walletTo, long amountMinor, String currency,
                        int afterArrivals, Integer atAvailablePlus) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind {
        PAY_IN("payIn"), PAY_OUT("payOut"), TRANSFER("transfer");

        private final String step;

        Kind(String step) {
            this.step = step;
        }

        /** The scenario step name. */
        public String step() {
            return step;
        }
    }

    /** The body of the scenario step (and of the HTTP request). */
    public ObjectNode body() {
        ObjectNode b = JSON.createObjectNode();
        b.put("id", id);
        if (walletFrom != null) {
            b.put("walletIdFrom", walletFrom);
        }
        if (walletTo != null) {
            b.put("walletIdTo", walletTo);
        }
        b.put("amount", amountMinor);
        b.put("currency", currency);
        b.put("statement", kind.step());
        return b;
    }

    /** This operation with a fixed amount. */
    Operation resolved(long amount) {
        return new Operation(kind, id, walletFrom, walletTo, amount, currency, afterArrivals, null);
    }

    /** The same operation again, later: an integrator's retry. */
    Operation retriedAfter(int arrivals) {
        return new Operation(kind, id, walletFrom, walletTo, amountMinor, currency, Math.max(arrivals, afterArrivals),
                atAvailablePlus);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PAY_IN -> id + " payIn " + amountMinor + " " + currency + " -> " + walletTo;
            case PAY_OUT -> id + " payOut " + amountMinor + " " + currency + " <- " + walletFrom;
            case TRANSFER -> id + " transfer " + amountMinor + " " + currency + " " + walletFrom + " -> " + walletTo;
        } + (atAvailablePlus == null ? "" : " (available" + (atAvailablePlus >= 0 ? "+" : "") + atAvailablePlus + ")")
                + " @" + afterArrivals;
    }
}
