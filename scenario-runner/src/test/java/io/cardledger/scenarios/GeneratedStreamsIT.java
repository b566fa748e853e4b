package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.testing.model.GeneratedStream;
import io.cardledger.testing.model.Streams;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based, end to end: random streams from test-support's generators (shuffled arrivals,
 * redeliveries, settlements and reversals before their authorization, the card registered late,
 * MoneySend, refunds, declines, unknown types, a pay-in first, then pay-ins, pay-outs and transfers
 * between a USD card wallet, another USD wallet, an EUR wallet and a wallet nobody registered, some
 * refused for insufficient funds, a currency that does not match or an unknown wallet, some retried
 * with the same operation id) are rendered as scenario files with the reference model's answer to every
 * operation ({@code expectRejected}) and expected balances of every wallet
 * ({@link GeneratedStream#toScenario}), and driven through the running system by {@link ScenarioRunner}:
 * HTTP into webhook-ingest and ledger-service, real Kafka, real PostgreSQL, balances read back from
 * projection-service. The runner waits until the ledger has applied the notifications sent before a
 * pay-out or transfer, so each operation meets the balance the model gives it.
 *
 * <p>Every stream must end where the model says. One stream in {@value #TWIN_EVERY} also runs in
 * another arrival order, and both orders must end on the same balances. Which reorderings may not change
 * them (see {@code LedgerModelProperties} for the reasoning): a pay-out or transfer is judged against
 * the balance of its moment, so when the stream takes money out of the card's wallet the twin shuffles
 * the notifications only between the same operations and registration; otherwise it is any other
 * arrival order.
 *
 * <p>The seed is printed; {@code -Dcardledger.e2e.seed=N} repeats a run, {@code -Dcardledger.e2e.streams=N}
 * changes how many streams. Every run uses ids no other run used (the runner's per-run prefix), so
 * the shared broker and database may hold earlier runs. A failing stream is written, as generated
 * and shrunk (bounded by time: each shrinking step is an end-to-end run), under
 * {@code scenario-runner/target/e2e-counterexamples/}, ready to be copied into {@code scenarios/project/}.
 */
class GeneratedStreamsIT {
    static final String SEED_PROPERTY = "cardledger.e2e.seed";
    static final String STREAMS_PROPERTY = "cardledger.e2e.streams";
    static final String PARALLELISM_PROPERTY = "cardledger.e2e.parallelism";
    private static final int DEFAULT_STREAMS = 30;
    private static final int DEFAULT_PARALLELISM = 4;
    private static final int TWIN_EVERY = 3;
    private static final int MAX_STORIES = 12;
    private static final int GEN_SIZE = 1000;
    /**
     * Shrinking replays candidates end to end and a failing candidate costs its whole catch-up time, so
     * candidates get less than the normal runs; the final one is confirmed with the normal catch-up.
     */
    private static final Duration SHRINK_CATCH_UP = Duration.ofSeconds(15);
    private static final Duration SHRINK_BUDGET = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One generated stream, its arrival-order twin (when it has one), and their runs. */
    private record Case(int index, String name, Shrinkable<GeneratedStream> stream, ObjectNode scenario,
                        Future<Outcome> outcome, String twinName, ObjectNode twinScenario,
                        Future<Outcome> twinOutcome) {
    }

    @TestFactory
    Stream<DynamicTest> randomStreamsEndToEndAgreeWithTheModel() throws Exception {
        long seed = seed();
        int count = Integer.getInteger(STREAMS_PROPERTY, DEFAULT_STREAMS);
        int parallelism = Integer.getInteger(PARALLELISM_PROPERTY, DEFAULT_PARALLELISM);
        Path counterexamples = Path.of(System.getProperty("project.root", ".."))
                .resolve("scenario-runner/target/e2e-counterexamples").toAbsolutePath().normalize();

        List<Shrinkable<GeneratedStream>> streams = new ArrayList<>();
        List<GeneratedStream> values = new ArrayList<>();
        List<Long> otherOrders = new ArrayList<>();
        Random random = new Random(seed);
        // Generated values are only evaluated inside a jqwik session (the operation generators need its context).
        JqwikSession.run(() -> {
            RandomGenerator<GeneratedStream> generator = Streams.streams(MAX_STORIES).generator(GEN_SIZE, true);
            for (int i = 0; i < count; i++) {
                Shrinkable<GeneratedStream> next = generator.next(random);
                streams.add(next);
                values.add(next.value());
                otherOrders.add(random.nextLong());
            }
        });

        System.out.printf("GeneratedStreamsIT: seed %d, %d streams, fingerprint %08x (repeat with -D%s=%d)%n", seed, count,
                values.stream().map(s -> s.toScenario("").toString()).toList().hashCode(), SEED_PROPERTY, seed);

        Target base = RunningSystem.get().target();
        ScenarioRunner runner = new ScenarioRunner(base);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        List<Case> cases = new ArrayList<>();
        String runId = "e2e-seed" + seed;
        for (int i = 0; i < count; i++) {
            GeneratedStream stream = values.get(i);
            String name = String.format("%s-stream%02d", runId, i + 1);
            ObjectNode scenario = scenarioOf(stream, name);
            Future<Outcome> outcome = pool.submit(() -> runner.run(name, scenario));
            String twinName = null;
            ObjectNode twinScenario = null;
            Future<Outcome> twinOutcome = null;
            if (i % TWIN_EVERY == 0) {
                GeneratedStream reordered = stream.debitsTheCardWallet()
                        ? stream.withArrivalsShuffledBetweenOperations(otherOrders.get(i))
                        : stream.withArrivalOrder(otherOrders.get(i));
                twinName = name + "-reordered";
                ObjectNode twin = scenarioOf(reordered, twinName);
                twinScenario = twin;
                String tn = twinName;
                twinOutcome = pool.submit(() -> runner.run(tn, twin));
            }
            cases.add(new Case(i + 1, name, streams.get(i), scenario, outcome, twinName, twinScenario, twinOutcome));
        }
        pool.shutdown();

        ScenarioRunner shrinkRunner = new ScenarioRunner(base.withCatchUp(SHRINK_CATCH_UP));
        AtomicBoolean shrinkingDone = new AtomicBoolean();
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            String label = "seed " + seed + " stream " + c.index();
            tests.add(DynamicTest.dynamicTest(label + ": ledger = model", () -> {
                Outcome o = c.outcome().get(10, TimeUnit.MINUTES);
                if (!o.passed()) {
                    Path written = write(counterexamples, c.name(), c.scenario());
                    String shrunk = shrinkingDone.compareAndSet(false, true)
                            ? shrink(shrinkRunner, runner, c, counterexamples) : "not shrunk (only the first failing stream is)";
                    String report = String.format("%s disagrees with the model: %s%n  scenario file: %s%n  shrunk: %s%n"
                            + "  repeat with -D%s=%d", label, o.detail(), written, shrunk, SEED_PROPERTY, seed);
                    System.out.println(report);
                    assertThat(o.passed()).as(report).isTrue();
                }
            }));
            if (c.twinOutcome() != null) {
                tests.add(DynamicTest.dynamicTest(label + ": another arrival order ends on the same balances", () -> {
                    Outcome one = c.outcome().get(10, TimeUnit.MINUTES);
                    Outcome other = c.twinOutcome().get(10, TimeUnit.MINUTES);
                    // Only the balances are compared here: a disagreement with the model is the other test's report.
                    boolean same = !one.observed().isEmpty() && one.observed().equals(other.observed());
                    if (!same) {
                        Path first = write(counterexamples, c.name(), c.scenario());
                        Path second = write(counterexamples, c.twinName(), c.twinScenario());
                        String report = String.format("%s: arrival order %s ended on %s, arrival order %s on %s (%s)%n"
                                        + "  scenario files: %s and %s%n  repeat with -D%s=%d", label, c.name(), one.observed(),
                                c.twinName(), other.observed(), other.passed() ? "model agreed" : other.detail(), first,
                                second, SEED_PROPERTY, seed);
                        System.out.println(report);
                        assertThat(one.observed()).as(report).isNotEmpty();
                        assertThat(other.observed()).as(report).isEqualTo(one.observed());
                    }
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("seed " + seed + ": summary", () -> {
            int steps = 0;
            int runs = 0;
            for (Case c : cases) {
                c.outcome().get(10, TimeUnit.MINUTES);
                steps += c.scenario().path("steps").size();
                runs++;
                if (c.twinOutcome() != null) {
                    c.twinOutcome().get(10, TimeUnit.MINUTES);
                    steps += c.twinScenario().path("steps").size();
                    runs++;
                }
            }
            System.out.printf("GeneratedStreamsIT: seed %d, %d streams in %d end-to-end runs (%d steps) in %d ms%n", seed,
                    cases.size(), runs, steps, (System.nanoTime() - started) / 1_000_000);
        }));
        return tests.stream();
    }

    private static long seed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.trim());
        }
        return new SecureRandom().nextLong();
    }

    /**
     * Greedy shrinking along the generator's own shrink candidates (fewer stories, smaller amounts,
     * less shuffled, fewer redeliveries, earlier registration, fewer and simpler operations), each replayed end to end: a candidate
     * that still fails replaces the current one. Bounded by {@link #SHRINK_BUDGET}.
     */
    private static String shrink(ScenarioRunner runner, ScenarioRunner confirmer, Case failing, Path dir) {
        long deadline = System.nanoTime() + SHRINK_BUDGET.toNanos();
        String name = failing.name() + "-shrunk";
        AtomicReference<Shrinkable<GeneratedStream>> current = new AtomicReference<>(failing.stream());
        AtomicReference<GeneratedStream> smallest = new AtomicReference<>();
        String[] lastDetail = {null};
        int[] runs = {0};
        JqwikSession.run(() -> {
            boolean improved = true;
            while (improved && System.nanoTime() < deadline) {
                improved = false;
                Iterator<Shrinkable<GeneratedStream>> candidates = current.get().shrink().iterator();
                while (candidates.hasNext() && System.nanoTime() < deadline) {
                    Shrinkable<GeneratedStream> candidate = candidates.next();
                    runs[0]++;
                    GeneratedStream value = candidate.value();
                    Outcome o = runner.run(name, scenarioOf(value, name));
                    if (!o.passed()) {
                        current.set(candidate);
                        smallest.set(value);
                        lastDetail[0] = o.detail();
                        improved = true;
                        break;
                    }
                }
            }
        });
        if (lastDetail[0] == null) {
            return "no smaller failing stream found in " + runs[0] + " end-to-end runs";
        }
        boolean complete = System.nanoTime() < deadline;
        ObjectNode shrunk = scenarioOf(smallest.get(), name);
        Outcome confirmation = confirmer.run(name, shrunk);
        if (confirmation.passed()) {
            return "the smallest failing candidate passed when run again with the full catch-up time (" + lastDetail[0]
                    + " before): slow rather than wrong? " + smallest.get();
        }
        Path written = write(dir, name, shrunk);
        return written + " (" + confirmation.detail() + "; " + runs[0] + " end-to-end runs"
                + (complete ? ", no smaller candidate fails" : ", stopped at the time limit") + ")";
    }

    /** The stream as a scenario file with the reference model's expected balances. */
    private static ObjectNode scenarioOf(GeneratedStream stream, String name) {
        return stream.toScenario(name);
    }

    private static Path write(Path dir, String name, ObjectNode scenario) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".json");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(scenario));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
