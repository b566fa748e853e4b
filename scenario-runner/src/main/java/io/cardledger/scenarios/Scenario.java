package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One scenario file (format: scenarios/README.md): steps sent in order, then the balances every
 * named wallet must show. Ids are the scenario's own; {@link IdPrefix} makes them unique per run.
 */
record Scenario(String name, List<Step> steps, Map<String, Outcome.Balance> expectedWallets) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One step: {@code kind} is its one field not named {@code expect*} or {@code password}
     * ("registerWallet", "notification", ...), {@code body} that field's value.
     *
     * @param password       the webhook password to send instead of the target's (notifications only), or null
     * @param expectRejected the problem title the answer must carry, or null
     * @param expectStatus   the HTTP status the answer must have, or null for the default (200, or the
     *                       refusal's own status when {@code expectRejected} is set)
     */
    record Step(String kind, JsonNode body, String password, String expectRejected, Integer expectStatus) {
        static Step of(JsonNode step) {
            String kind = "?";
            for (Iterator<String> it = step.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.startsWith("expect") && !f.equals("password")) {
                    kind = f;
                    break;
                }
            }
            return new Step(kind, step.get(kind),
                    step.has("password") ? step.get("password").asText() : null,
                    step.has("expectRejected") ? step.get("expectRejected").asText() : null,
                    step.has("expectStatus") ? step.get("expectStatus").asInt() : null);
        }

        /** Operations the ledger judges against the balance as it stands when it records them. */
        boolean needsAppliedNotifications() {
            return kind.equals("payOut") || kind.equals("transfer") || ParitySteps.AFTER_NOTIFICATIONS.contains(kind);
        }
    }

    static Scenario read(Path file) throws IOException {
        return of(nameOf(file), JSON.readTree(file.toFile()));
    }

    static String nameOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }

    /** A scenario given as parsed JSON (the file format). */
    static Scenario of(String name, JsonNode scenario) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : scenario.path("steps")) {
            steps.add(Step.of(step));
        }
        Map<String, Outcome.Balance> expected = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = scenario.path("expect").path("wallets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            expected.put(e.getKey(), new Outcome.Balance(e.getValue().path("available").asLong(), e.getValue().path("withheld").asLong()));
        }
        return new Scenario(name, List.copyOf(steps), expected);
    }

    /** Every *.json file of the folder, in name order. */
    static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
