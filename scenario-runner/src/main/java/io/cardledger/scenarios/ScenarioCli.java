package io.cardledger.scenarios;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code scenario-runner [--ingest=URL --ledger=URL --projection=URL --password=P --token=T
 * --analyst-token=T --timeout-seconds=N] FOLDER...}: runs every scenario file of the folders against
 * a running system and exits 0 when all passed, 1 when any failed, 2 on a usage error. Defaults are
 * the development stack's ({@link Target#local()}).
 */
@Command(name = "scenario-runner", mixinStandardHelpOptions = true, version = "card-ledger scenario-runner 0.1.0",
        description = "Drives folders of scenario files through a running card-ledger and compares the balances exactly.")
public final class ScenarioCli implements Callable<Integer> {
    private static final Target LOCAL = Target.local();

    @Option(names = "--ingest", paramLabel = "URL", description = "webhook-ingest base URL (default: ${DEFAULT-VALUE})")
    URI ingest = LOCAL.ingest();

    @Option(names = "--ledger", paramLabel = "URL", description = "ledger-service base URL (default: ${DEFAULT-VALUE})")
    URI ledger = LOCAL.ledger();

    @Option(names = "--projection", paramLabel = "URL", description = "projection-service base URL (default: ${DEFAULT-VALUE})")
    URI projection = LOCAL.projection();

    @Option(names = "--password", paramLabel = "P", description = "the webhook password (default: the local development one)")
    String password = LOCAL.webhookPassword();

    @Option(names = "--katfacil-secret", paramLabel = "S",
            description = "the KatFacil webhook's bearer secret, for katfacilEvent steps (default: the local development one)")
    String katFacilSecret = Target.LOCAL_KATFACIL_SECRET;

    @Option(names = "--token", paramLabel = "T", description = "the service bearer token (default: the local development one)")
    String token = LOCAL.token();

    @Option(names = "--analyst-token", paramLabel = "T",
            description = "the analyst bearer token, to wait until the ledger applied notifications (default: the local development one)")
    String analystToken = LOCAL.analystToken();

    @Option(names = "--timeout-seconds", paramLabel = "N",
            description = "how long to wait, at most, for the ledger or the projection to catch up (default: ${DEFAULT-VALUE})")
    long timeoutSeconds = LOCAL.catchUp().toSeconds();

    @Parameters(arity = "1..*", paramLabel = "FOLDER", description = "folders of scenario files (*.json, run in name order)")
    List<Path> folders = new ArrayList<>();

    private final PrintStream out;

    ScenarioCli(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScenarioCli(System.out)).execute(args));
    }

    Target target() {
        return new Target(ingest, ledger, projection, password, token, Duration.ofSeconds(timeoutSeconds), analystToken,
                katFacilSecret);
    }

    @Override
    public Integer call() throws IOException {
        ScenarioRunner runner = new ScenarioRunner(target());
        List<Outcome> outcomes = new ArrayList<>();
        for (Path folder : folders) {
            outcomes.addAll(runner.runFolder(folder, out));
        }
        return Report.summary(outcomes, out) == 0 ? 0 : 1;
    }
}
