package io.cardledger.analyst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Starts a rebuild of every read model on projection-service and follows it to the end: a progress
 * bar with events/s on standard error (standard output stays clean for {@code --json}), then the
 * outcome. The live read models keep serving until the rebuilt ones take over.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Rebuilds every read model of projection-service from the ledger's events into fresh tables, switching over "
                + "once caught up while the old tables keep serving. Exits with " + AnalystCli.REBUILD_FAILED + " if it fails.")
class RebuildCommand extends AnalystCli.Sub {
    private static final int BAR = 30;

    @Option(names = "--poll-ms", defaultValue = "500", paramLabel = "MS", description = "how often to ask for progress (default: ${DEFAULT-VALUE})")
    long pollMillis;

    @Option(names = "--status", paramLabel = "ID", description = "follow a rebuild already started (its id) instead of starting one")
    String follow;

    @Override
    public Integer call() throws InterruptedException {
        AnalystClient client = parent.projectionClient();
        String path;
        JsonNode status;
        if (follow == null) {
            status = client.readTree(client.post("/api/v1/analyst/rebuilds", "application/json", ""));
            path = "/api/v1/analyst/rebuilds/" + AnalystClient.segment(status.path("id").asText());
        } else {
            path = "/api/v1/analyst/rebuilds/" + AnalystClient.segment(follow);
            status = client.readTree(client.get(path, Map.of(), "application/json"));
        }
        PrintWriter err = spec.commandLine().getErr();
        while (!finished(status)) {
            err.print("\r" + progress(status));
            err.flush();
            Thread.sleep(pollMillis);
            status = client.readTree(client.get(path, Map.of(), "application/json"));
        }
        err.println("\r" + progress(status));
        err.flush();
        emit(Views.rebuildTable(status), Views.rebuild(status), java.util.List.of(status));
        return "DONE".equals(status.path("phase").asText()) ? 0 : AnalystCli.REBUILD_FAILED;
    }

    private static boolean finished(JsonNode status) {
        String phase = status.path("phase").asText();
        return phase.equals("DONE") || phase.equals("FAILED");
    }

    /** {@code [#########.....]  45%  450,000/1,000,000 events  123,456 events/s  REPLAYING}. */
    static String progress(JsonNode status) {
        long total = status.path("eventsTotal").asLong();
        long read = status.path("eventsRead").asLong();
        String phase = status.path("phase").asText();
        double fraction = total == 0 ? (phase.equals("DONE") ? 1 : 0) : Math.min(1.0, (double) read / total);
        int filled = (int) Math.round(fraction * BAR);
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d/%,d events  %,d events/s  %-9s",
                "#".repeat(filled), ".".repeat(BAR - filled), Math.round(fraction * 100), read, total,
                status.path("eventsPerSecond").asLong(), phase);
    }
}
