package io.cardledger.testing.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random but reproducible arrival of one card's notifications: the stories, shuffled
 * (permutationSeed), with some notifications delivered again (duplicates), and the card
 * registered only after {@code registerCardAfter} of them have arrived.
 */
public record GeneratedStream(long payInMinor, List<Story> stories, long permutationSeed, List<Integer> duplicates,
                              int registerCardAfter) {

    /** The notifications in arrival order, duplicates included. */
    public List<Note> arrivals() {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < stories.size(); i++) {
            notes.addAll(stories.get(i).notes(String.format("%09d", i + 1)));
        }
        java.util.Collections.shuffle(notes, new Random(permutationSeed));
        List<Note> withDuplicates = new ArrayList<>(notes);
        for (int d : duplicates) {
            if (!notes.isEmpty()) {
                int which = Math.floorMod(d, notes.size());
                withDuplicates.add(Math.min(withDuplicates.size(), Math.floorMod(d * 31, withDuplicates.size() + 1)), notes.get(which));
            }
        }
        return withDuplicates;
    }

    public int registrationIndex() {
        return Math.min(registerCardAfter, arrivals().size());
    }

    /** Rulebook v1 by the model: the pay-in plus every story's final effect. */
    public long[] expectedBalance() {
        long available = payInMinor;
        long withheld = 0;
        for (Story s : stories) {
            long[] e = s.expectedEffect();
            available += e[0];
            withheld += e[1];
        }
        return new long[]{available, withheld};
    }

    /** The same stream as a scenario file (scenarios/shared/README.md format). */
    public ObjectNode toScenario(String name) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode scenario = json.createObjectNode();
        scenario.put("name", name);
        scenario.put("about", "Generated stream: " + stories + " shuffled with seed " + permutationSeed
                + ", duplicates " + duplicates + ", card registered after " + registrationIndex() + " notifications.");
        ArrayNode steps = scenario.putArray("steps");
        steps.addObject().putObject("registerWallet").put("walletId", "w-1").put("userId", "u-1").put("currency", "USD")
                .put("walletType", 0);
        if (payInMinor > 0) {
            steps.addObject().putObject("payIn").put("id", "pi-1").put("walletIdTo", "w-1").put("amount", payInMinor)
                    .put("currency", "USD").put("statement", "top-up");
        }
        List<Note> arrivals = arrivals();
        for (int i = 0; i <= arrivals.size(); i++) {
            if (i == registrationIndex()) {
                steps.addObject().putObject("registerCard").put("cardId", "c-1").put("walletId", "w-1").put("userId", "u-1")
                        .put("product", "prepaid").put("physical", false);
            }
            if (i < arrivals.size()) {
                steps.addObject().set("notification", arrivals.get(i).body("c-1"));
            }
        }
        long[] expected = expectedBalance();
        scenario.putObject("expect").putObject("wallets").putObject("w-1").put("available", expected[0])
                .put("withheld", expected[1]);
        return scenario;
    }
}
