package io.cardledger.scenarios;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioCliTest {
    private final ScenarioCli cli = new ScenarioCli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @Test
    void theLongStandingCommandLineStillParses() {
        new CommandLine(cli).parseArgs("--ingest=http://h:1", "--ledger=http://h:2", "--projection=http://h:3",
                "--password=pw", "--token=t", "--analyst-token=a", "--timeout-seconds=7", "one", "two");

        assertThat(cli.target()).isEqualTo(new Target(URI.create("http://h:1"), URI.create("http://h:2"), URI.create("http://h:3"),
                "pw", "t", Duration.ofSeconds(7), "a"));
        assertThat(cli.folders).containsExactly(Path.of("one"), Path.of("two"));
    }

    @Test
    void withoutOptionsItTargetsTheLocalStack() {
        new CommandLine(cli).parseArgs("folder");

        assertThat(cli.target()).isEqualTo(Target.local());
    }

    @Test
    void withoutAFolderItIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(cli).setErr(new PrintWriter(err));

        int exit = command.execute("--token=t");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("FOLDER");
    }

    @Test
    void anEmptyFolderPassesWithNothingRun() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScenarioCli printing = new ScenarioCli(new PrintStream(out, true, StandardCharsets.UTF_8));
        Path empty = java.nio.file.Files.createTempDirectory("no-scenarios");

        int exit = new CommandLine(printing).execute(empty.toString());

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("0 passed, 0 failed" + System.lineSeparator());
    }
}
