package io.cardledger.testing.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * jqwik generators of one authorization's whole life as the issuer may report it: authorizations
 * (MoneySend too), advices, partial and full reversals, refund requests, confirmations, corrections of
 * both signs, multiclearing parts and closing parts, expiries, now and then an unreadable amount, and
 * redeliveries (the same note again). Lives shrink to fewer notes, smaller amounts, no redeliveries.
 */
public final class Lives {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one note of a life is, before its place in the life is known. */
    public enum Kind {
        AUTHORIZATION("PeticionAutorizacion"), ADVICE("ComunicacionAutorizacion"), REVERSAL("ComunicacionAnulacion"),
        REFUND_REQUEST("PeticionDevolucion"), CONFIRMATION("TransaccionConfirmada"),
        POSITIVA("TransaccionCorregidaPositiva"), NEGATIVA("TransaccionCorregidaNegativa"),
        PART("TransaccionConfirmada"), PART_CORRECTION("TransaccionCorregidaNegativa"), CLOSING("TransaccionConfirmada"),
        CLOSING_CORRECTION("TransaccionCorregidaPositiva");

        final String type;

        Kind(String type) {
            this.type = type;
        }
    }

    private record Spec(Kind kind, long amount, boolean expiration, boolean unreadable) {
    }

    private Lives() {
    }

    /**
     * Lives of {@code min} to {@code max} arrivals (redeliveries included), in the order the issuer
     * produced them (redeliveries at the end); tests permute them.
     */
    public static Arbitrary<List<LifeNote>> lives(int min, int max) {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Kind.AUTHORIZATION)),
                Tuple.of(2, Arbitraries.just(Kind.ADVICE)),
                Tuple.of(4, Arbitraries.just(Kind.REVERSAL)),
                Tuple.of(1, Arbitraries.just(Kind.REFUND_REQUEST)),
                Tuple.of(4, Arbitraries.just(Kind.CONFIRMATION)),
                Tuple.of(2, Arbitraries.just(Kind.POSITIVA)),
                Tuple.of(2, Arbitraries.just(Kind.NEGATIVA)),
                Tuple.of(4, Arbitraries.just(Kind.PART)),
                Tuple.of(1, Arbitraries.just(Kind.PART_CORRECTION)),
                Tuple.of(2, Arbitraries.just(Kind.CLOSING)),
                Tuple.of(1, Arbitraries.just(Kind.CLOSING_CORRECTION)));
        Arbitrary<Spec> specs = Combinators.combine(
                kinds,
                Arbitraries.longs().between(1, 20_000),
                Arbitraries.frequency(Tuple.of(12, false), Tuple.of(1, true)),
                Arbitraries.frequency(Tuple.of(30, false), Tuple.of(1, true))
        ).as(Spec::new);
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true)),
                specs.list().ofMinSize(Math.max(1, min - 2)).ofMaxSize(max),
                Arbitraries.integers().between(0, max).list().ofMaxSize(2)
        ).as((moneySend, list, redeliveries) -> build(moneySend, list, redeliveries, max))
                .filter(life -> life.size() >= min && life.size() <= max);
    }

    private static List<LifeNote> build(boolean moneySend, List<Spec> specs, List<Integer> redeliveries, int max) {
        List<LifeNote> notes = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            Kind k = s.kind();
            boolean ms = moneySend && (k == Kind.AUTHORIZATION || k == Kind.ADVICE || k == Kind.REVERSAL || k == Kind.CONFIRMATION);
            long amount = k == Kind.REFUND_REQUEST ? 0 : s.amount();
            notes.add(new LifeNote(k.type, amount, ms, k == Kind.PART || k == Kind.PART_CORRECTION,
                    k == Kind.CLOSING || k == Kind.CLOSING_CORRECTION, s.expiration(), s.unreadable(), i));
        }
        List<LifeNote> arrivals = new ArrayList<>(notes);
        for (int r : redeliveries) {
            if (arrivals.size() < max) {
                arrivals.add(notes.get(r % notes.size()));
            }
        }
        return List.copyOf(arrivals);
    }

    /**
     * One life arriving in each of the given orders, each order on its own card c-N and wallet w-N
     * (N from 1), as one scenario file expecting the reference model's balances on every wallet.
     */
    public static ObjectNode toScenario(String name, String about, String c11, List<List<LifeNote>> orders, long topUp) {
        ObjectNode scenario = JSON.createObjectNode();
        scenario.put("name", name);
        ReferenceLife.Result r = ReferenceLife.of(orders.get(0));
        scenario.put("about", about + " Each of the " + orders.size() + " arrival orders on its own card and wallet"
                + " (c-N on w-N, topped up with " + topUp + "); reference: available " + r.available() + ", withheld "
                + r.withheld() + ", status " + r.status() + " in every order.");
        ArrayNode steps = scenario.putArray("steps");
        ObjectNode wallets = JSON.createObjectNode();
        for (int i = 0; i < orders.size(); i++) {
            String walletId = "w-" + (i + 1);
            String cardId = "c-" + (i + 1);
            steps.addObject().putObject("registerWallet").put("walletId", walletId).put("userId", "u-" + (i + 1))
                    .put("currency", "USD").put("walletType", 0);
            steps.addObject().putObject("registerCard").put("cardId", cardId).put("walletId", walletId)
                    .put("userId", "u-" + (i + 1)).put("product", "prepaid").put("physical", false);
            steps.addObject().putObject("payIn").put("id", "pi-" + walletId).put("walletIdTo", walletId)
                    .put("amount", topUp).put("currency", "USD").put("statement", "top-up");
            for (LifeNote n : orders.get(i)) {
                steps.addObject().set("notification", n.body(cardId, c11));
            }
            ReferenceLife.Result ri = ReferenceLife.of(orders.get(i));
            wallets.putObject(walletId).put("available", topUp + ri.available()).put("withheld", ri.withheld());
        }
        scenario.putObject("expect").set("wallets", wallets);
        return scenario;
    }

    /**
     * One life arriving in the given order on its own card and wallet, as a scenario file
     * (scenarios/README.md format), expecting the reference model's balances after a top-up.
     */
    public static ObjectNode toScenario(String name, String about, String cardId, String walletId, String c11,
                                        List<LifeNote> arrivals, long topUp) {
        ReferenceLife.Result r = ReferenceLife.of(arrivals);
        ObjectNode scenario = JSON.createObjectNode();
        scenario.put("name", name);
        scenario.put("about", about + " Arrival order: " + arrivals + "; reference status " + r.status() + ".");
        ArrayNode steps = scenario.putArray("steps");
        steps.addObject().putObject("registerWallet").put("walletId", walletId).put("userId", "u-" + walletId)
                .put("currency", "USD").put("walletType", 0);
        steps.addObject().putObject("registerCard").put("cardId", cardId).put("walletId", walletId)
                .put("userId", "u-" + walletId).put("product", "prepaid").put("physical", false);
        if (topUp > 0) {
            steps.addObject().putObject("payIn").put("id", "pi-" + walletId).put("walletIdTo", walletId)
                    .put("amount", topUp).put("currency", "USD").put("statement", "top-up");
        }
        for (LifeNote n : arrivals) {
            steps.addObject().set("notification", n.body(cardId, c11));
        }
        scenario.putObject("expect").putObject("wallets").putObject(walletId)
                .put("available", topUp + r.available()).put("withheld", r.withheld());
        return scenario;
    }
}
