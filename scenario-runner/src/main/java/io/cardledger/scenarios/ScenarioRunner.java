package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs scenario files (format: scenarios/README.md) against a running card-ledger: every step in
 * order over HTTP through webhook-ingest and ledger-service, then waits, bounded, until
 * projection-service shows the expected balances, and compares them exactly.
 *
 * <p>Every id a scenario names (wallets, cards, users, operations) gets a prefix unique to the
 * run ({@link IdPrefix}), so scenarios that reuse "w-1" stay independent on one shared system and
 * can run again.
 *
 * <p>A webhook's 200 means the notification is in Kafka, not that the ledger has applied it. A
 * pay-out or transfer is judged against the balance at the moment the ledger records it, so before
 * sending one the runner waits (bounded) until the ledger has recorded every notification the
 * scenario sent before it, counted by distinct notification on the card's stream in the analyst API
 * (which needs the analyst token). A scenario therefore means the same thing whether its
 * notifications are consumed quickly or slowly ({@link ScenarioExecution}). Likewise a webhook
 * answered 503 ("not stored, retry") is sent again within the catch-up time, as the issuer would,
 * unless the step expects that 503.
 *
 * <p>The command line is {@link ScenarioCli}; the lines it prints are {@link Report}'s.
 */
public final class ScenarioRunner {
    private final SystemClient system;

    public ScenarioRunner(Target target) {
        this.system = new SystemClient(target);
    }

    /** Runs every *.json file of the folder in name order, printing one line per scenario. */
    public List<Outcome> runFolder(Path folder, PrintStream out) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Path file : Scenario.filesIn(folder)) {
            Outcome o = run(file);
            Report.line(o, out);
            outcomes.add(o);
        }
        return outcomes;
    }

    public Outcome run(Path file) {
        long start = System.nanoTime();
        Scenario scenario;
        try {
            scenario = Scenario.read(file);
        } catch (Exception e) {
            return new Outcome(Scenario.nameOf(file), false, e.getClass().getSimpleName() + ": " + e.getMessage(), millis(start));
        }
        return run(scenario);
    }

    /** Runs one scenario given as parsed JSON (the file format), under ids no other run uses. */
    public Outcome run(String name, JsonNode scenario) {
        return run(Scenario.of(name, scenario));
    }

    private Outcome run(Scenario scenario) {
        long start = System.nanoTime();
        Map<String, Outcome.Balance> observed = new LinkedHashMap<>();
        try {
            ScenarioExecution execution = new ScenarioExecution(system, IdPrefix.fresh());
            int stepNo = 0;
            for (Scenario.Step step : scenario.steps()) {
                stepNo++;
                String failure = execution.run(step);
                if (failure != null) {
                    return new Outcome(scenario.name(), false, "step " + stepNo + ": " + failure, millis(start));
                }
            }
            String mismatch = execution.awaitBalances(scenario.expectedWallets(), observed);
            return new Outcome(scenario.name(), mismatch == null, mismatch, millis(start), Map.copyOf(observed));
        } catch (Exception e) {
            return new Outcome(scenario.name(), false, e.getClass().getSimpleName() + ": " + e.getMessage(), millis(start),
                    Map.copyOf(observed));
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
