package io.cardledger.testing.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A random but reproducible arrival of one card's notifications, interleaved with wallet operations:
 * the stories, shuffled (permutationSeed), with some notifications delivered again (duplicates), the
 * card registered only after {@code registerCardAfter} of them have arrived, and pay-ins, pay-outs and
 * transfers (some refused, some retried with the same id) each placed after a number of arrivals.
 *
 * <p>Wallets: {@value #CARD_WALLET} (USD, the card's, topped up with {@code payInMinor} first),
 * {@value #OTHER_USD_WALLET} (USD) and {@value #EUR_WALLET} (EUR), registered before anything else;
 * {@value #UNKNOWN_WALLET} is never registered.
 *
 * <p>{@code segmentShuffleSeed}, when not 0, shuffles the arrivals once more, but only among
 * themselves between two consecutive fixed points (the card's registration and each operation), so
 * every operation and the registration still see the same set of notifications before them.
 */
public record GeneratedStream(long payInMinor, List<Story> stories, long permutationSeed, List<Integer> duplicates,
                              int registerCardAfter, List<Operation> operations, long segmentShuffleSeed) {
    public static final String CARD_WALLET = "w-1";
    public static final String OTHER_USD_WALLET = "w-2";
    public static final String EUR_WALLET = "w-3";
    public static final String UNKNOWN_WALLET = "w-9";
    public static final String CARD = "c-1";

    /** A stream of card notifications with only the first pay-in as a wallet operation. */
    public GeneratedStream(long payInMinor, List<Story> stories, long permutationSeed, List<Integer> duplicates,
                           int registerCardAfter) {
        this(payInMinor, stories, permutationSeed, duplicates, registerCardAfter, List.of(), 0);
    }

    public GeneratedStream(long payInMinor, List<Story> stories, long permutationSeed, List<Integer> duplicates,
                           int registerCardAfter, List<Operation> operations) {
        this(payInMinor, stories, permutationSeed, duplicates, registerCardAfter, operations, 0);
    }

    public static String currencyOf(String walletId) {
        return EUR_WALLET.equals(walletId) ? "EUR" : "USD";
    }

    /** One step of the stream, in the order it is applied. */
    public sealed interface Step permits Arrival, CardRegistration, WalletOperation {
    }

    /** A card notification arrives. */
    public record Arrival(Note note) implements Step {
    }

    /** The card is registered on {@value #CARD_WALLET}; what arrived before it applies now. */
    public record CardRegistration() implements Step {
    }

    /**
     * An operation with its amount fixed, and what the reference model says the ledger answers.
     *
     * @param expectedRefusal the refusal's title, or null when it is recorded (or, repeated, answered as recorded)
     */
    public record WalletOperation(Operation operation, String expectedRefusal) implements Step {
    }

    /**
     * The stream step by step with the reference model's answer to every operation and the final
     * balances, {@code {available, withheld}} per registered wallet.
     */
    public record Plan(List<Step> steps, Map<String, long[]> balances) {
    }

    /** The same stories, redeliveries, registration point and operations in another arrival order. */
    public GeneratedStream withArrivalOrder(long otherPermutationSeed) {
        return new GeneratedStream(payInMinor, stories, otherPermutationSeed, duplicates, registerCardAfter, operations, 0);
    }

    /** The same stream with the arrivals shuffled only between its fixed points (see the class comment). */
    public GeneratedStream withArrivalsShuffledBetweenOperations(long seed) {
        return new GeneratedStream(payInMinor, stories, permutationSeed, duplicates, registerCardAfter, operations,
                seed == 0 ? 1 : seed);
    }

    /** Whether any pay-out or transfer takes money out of the card's wallet (whose balance depends on arrivals). */
    public boolean debitsTheCardWallet() {
        return operations.stream().anyMatch(o -> o.kind() != Operation.Kind.PAY_IN && CARD_WALLET.equals(o.walletFrom()));
    }

    /** The notifications in arrival order, duplicates included. */
    public List<Note> arrivals() {
        List<Note> arrivals = shuffledWithDuplicates();
        if (segmentShuffleSeed != 0) {
            Random random = new Random(segmentShuffleSeed);
            TreeSet<Integer> fixed = new TreeSet<>(List.of(0, arrivals.size()));
            fixed.add(Math.min(registerCardAfter, arrivals.size()));
            operations.forEach(o -> fixed.add(Math.min(o.afterArrivals(), arrivals.size())));
            Integer from = fixed.first();
            for (Integer to : fixed.tailSet(from, false)) {
                Collections.shuffle(arrivals.subList(from, to), random);
                from = to;
            }
        }
        return arrivals;
    }

    private List<Note> shuffledWithDuplicates() {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < stories.size(); i++) {
            notes.addAll(stories.get(i).notes(c11(i)));
        }
        Collections.shuffle(notes, new Random(permutationSeed));
        List<Note> withDuplicates = new ArrayList<>(notes);
        for (int d : duplicates) {
            if (!notes.isEmpty()) {
                int which = Math.floorMod(d, notes.size());
                withDuplicates.add(Math.min(withDuplicates.size(), Math.floorMod(d * 31, withDuplicates.size() + 1)), notes.get(which));
            }
        }
        return withDuplicates;
    }

    private static String c11(int story) {
        return String.format("%09d", story + 1);
    }

    public int registrationIndex() {
        return Math.min(registerCardAfter, arrivals().size());
    }

    /**
     * Walks the stream through the reference model: card notifications by the rulebook (only those
     * that arrived and only once the card is registered count, each story by {@link Story#effectOf}),
     * operations by {@link ReferenceWallets} against the balances of that moment.
     */
    public Plan plan() {
        List<Note> arrivals = arrivals();
        int registration = Math.min(registerCardAfter, arrivals.size());
        Map<Note, int[]> storyOf = new HashMap<>();
        for (int i = 0; i < stories.size(); i++) {
            List<Note> notes = stories.get(i).notes(c11(i));
            for (int j = 0; j < notes.size(); j++) {
                storyOf.putIfAbsent(notes.get(j), new int[]{i, j});
            }
        }
        boolean[][] arrived = new boolean[stories.size()][2];
        boolean[] registered = {false};
        ReferenceWallets.CardEffect card = walletId -> registered[0] && CARD_WALLET.equals(walletId)
                ? cardEffect(arrived)[0] : 0;

        ReferenceWallets wallets = new ReferenceWallets();
        wallets.register(CARD_WALLET, currencyOf(CARD_WALLET));
        if (!operations.isEmpty()) {
            wallets.register(OTHER_USD_WALLET, currencyOf(OTHER_USD_WALLET));
            wallets.register(EUR_WALLET, currencyOf(EUR_WALLET));
        }
        List<Step> steps = new ArrayList<>();
        if (payInMinor > 0) {
            Operation topUp = new Operation(Operation.Kind.PAY_IN, "pi-1", null, CARD_WALLET, payInMinor, "USD", 0, null);
            steps.add(new WalletOperation(topUp, wallets.apply(topUp, card)));
        }
        List<Operation> ordered = IntStream.range(0, operations.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> Math.min(operations.get(i).afterArrivals(), arrivals.size()))
                        .thenComparingInt(i -> i))
                .map(operations::get).toList();
        Map<String, Operation> firstOfId = new HashMap<>();
        int next = 0;
        for (int i = 0; i <= arrivals.size(); i++) {
            if (i == registration) {
                steps.add(new CardRegistration());
                registered[0] = true;
            }
            while (next < ordered.size() && Math.min(ordered.get(next).afterArrivals(), arrivals.size()) == i) {
                Operation op = ordered.get(next++);
                Operation first = firstOfId.get(op.id());
                long amount = first != null ? first.amountMinor()
                        : op.atAvailablePlus() == null ? op.amountMinor()
                        : Math.max(1, wallets.available(op.walletFrom(), card) + op.atAvailablePlus());
                Operation resolved = op.resolved(amount);
                firstOfId.putIfAbsent(op.id(), resolved);
                steps.add(new WalletOperation(resolved, wallets.apply(resolved, card)));
            }
            if (i < arrivals.size()) {
                Note note = arrivals.get(i);
                int[] where = storyOf.get(note);
                arrived[where[0]][where[1]] = true;
                steps.add(new Arrival(note));
            }
        }
        Map<String, long[]> balances = new LinkedHashMap<>();
        long[] cardEffect = cardEffect(arrived);
        for (String walletId : wallets.walletIds()) {
            boolean cardWallet = CARD_WALLET.equals(walletId);
            balances.put(walletId, new long[]{wallets.availableFromOperations(walletId) + (cardWallet ? cardEffect[0] : 0),
                    cardWallet ? cardEffect[1] : 0});
        }
        return new Plan(List.copyOf(steps), balances);
    }

    private long[] cardEffect(boolean[][] arrived) {
        long available = 0;
        long withheld = 0;
        for (int i = 0; i < stories.size(); i++) {
            long[] e = stories.get(i).effectOf(arrived[i][0], arrived[i][1]);
            available += e[0];
            withheld += e[1];
        }
        return new long[]{available, withheld};
    }

    /** The same stream as a scenario file (scenarios/shared/README.md format), refusals and balances from the model. */
    public ObjectNode toScenario(String name) {
        ObjectMapper json = new ObjectMapper();
        Plan plan = plan();
        ObjectNode scenario = json.createObjectNode();
        scenario.put("name", name);
        scenario.put("about", "Generated stream: " + stories + " shuffled with seed " + permutationSeed
                + (segmentShuffleSeed == 0 ? "" : " and between operations with seed " + segmentShuffleSeed)
                + ", duplicates " + duplicates + ", card registered after " + registrationIndex() + " notifications"
                + (operations.isEmpty() ? "" : ", operations " + operations) + ".");
        ArrayNode steps = scenario.putArray("steps");
        for (String walletId : plan.balances().keySet()) {
            steps.addObject().putObject("registerWallet").put("walletId", walletId).put("userId", "u-" + walletId.substring(2))
                    .put("currency", currencyOf(walletId)).put("walletType", 0);
        }
        for (Step step : plan.steps()) {
            if (step instanceof Arrival a) {
                steps.addObject().set("notification", a.note().body(CARD));
            } else if (step instanceof CardRegistration) {
                steps.addObject().putObject("registerCard").put("cardId", CARD).put("walletId", CARD_WALLET)
                        .put("userId", "u-1").put("product", "prepaid").put("physical", false);
            } else if (step instanceof WalletOperation w) {
                ObjectNode s = steps.addObject();
                s.set(w.operation().kind().step(), w.operation().body());
                if (w.expectedRefusal() != null) {
                    s.put("expectRejected", w.expectedRefusal());
                }
            }
        }
        ObjectNode wallets = scenario.putObject("expect").putObject("wallets");
        plan.balances().forEach((walletId, b) -> wallets.putObject(walletId).put("available", b[0]).put("withheld", b[1]));
        return scenario;
    }
}
