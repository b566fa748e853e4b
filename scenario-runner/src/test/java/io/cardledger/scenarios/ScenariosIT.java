package io.cardledger.scenarios;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario file, end to end on the running system: HTTP into webhook-ingest and
 * ledger-service, real Kafka, real PostgreSQL, balances read back from projection-service.
 * Runs the project's copy of the shared scenarios, the project's own, and ../shared/scenarios
 * when it sits beside the project (it may have grown since it was copied).
 */
class ScenariosIT {

    @TestFactory
    Stream<DynamicTest> everyScenarioPassesOnTheRunningSystem() throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".."));
        List<Path> folders = new ArrayList<>(List.of(root.resolve("scenarios/shared"), root.resolve("scenarios/project")));
        Path besideProject = root.resolve("../shared/scenarios");
        if (Files.isDirectory(besideProject)) {
            folders.add(besideProject);
        }
        ScenarioRunner runner = new ScenarioRunner(RunningSystem.get().target());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(file ->
                        tests.add(DynamicTest.dynamicTest(folder.getFileName() + "/" + file.getFileName(), () -> {
                            Outcome outcome = runner.run(file);
                            assertThat(outcome.passed()).as(outcome.detail()).isTrue();
                        })));
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(21);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> theRunnerReportsAFailingScenarioAndCountsIt() throws IOException, InterruptedException {
        // A scenario whose expectation is wrong on purpose: the runner must say so, not pass it.
        Path dir = Files.createTempDirectory("scenarios");
        Files.writeString(dir.resolve("wrong.json"), """
                {"name":"wrong","steps":[{"registerWallet":{"walletId":"w-1","userId":"u-1","currency":"USD","walletType":0}},
                  {"payIn":{"id":"p-1","walletIdTo":"w-1","amount":100,"currency":"USD","statement":"x"}}],
                 "expect":{"wallets":{"w-1":{"available":999,"withheld":0}}}}""");
        Target t = RunningSystem.get().target();
        ScenarioRunner runner = new ScenarioRunner(t.withCatchUp(java.time.Duration.ofSeconds(3)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        List<Outcome> outcomes = runner.runFolder(dir, print);
        long failed = Report.summary(outcomes, print);
        String printed = out.toString(StandardCharsets.UTF_8);
        return Stream.of(DynamicTest.dynamicTest("wrong expectation fails with the actual balance", () -> {
            assertThat(failed).isEqualTo(1);
            assertThat(printed).contains("FAIL  wrong").contains("expected available 999 withheld 0, got available 100 withheld 0")
                    .contains("0 passed, 1 failed");
        }));
    }
}
