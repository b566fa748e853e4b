package io.cardledger.analyst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code analyst parked list|show|retry}: the records a consumer parked because they failed on
 * their own every time (ledger-service by default, {@code --service projection} for
 * projection-service's).
 */
@Command(name = "parked", mixinStandardHelpOptions = true,
        description = "Records a consumer parked because they failed on their own: list them, show one, re-drive one.",
        subcommands = {ParkedCommand.ListParked.class, ParkedCommand.Show.class, ParkedCommand.Retry.class})
class ParkedCommand {
    /** Exit code when a re-driven record still fails (status RETRY_FAILED). */
    static final int RETRY_FAILED = 5;

    enum Service { ledger, projection }

    @ParentCommand
    AnalystCli cli;

    /** Like AnalystCli.Sub, one level deeper (picocli injects the immediate parent). */
    abstract static class ParkedSub implements Callable<Integer> {
        @ParentCommand
        ParkedCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--service", defaultValue = "ledger",
                description = "whose parked records: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        Service service;

        AnalystClient client() {
            return service == Service.projection ? root().projectionClient() : root().client();
        }

        AnalystCli root() {
            return parent.cli;
        }

        void print(String text) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }

        void line(JsonNode node) {
            spec.commandLine().getOut().println(node.toString());
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "A page of parked records, newest first.")
    static class ListParked extends ParkedSub {
        @Option(names = "--status", description = "PARKED, RETRIED or RETRY_FAILED (default: all)")
        String status;
        @Option(names = "--page", defaultValue = "0", description = "page number from 0 (default: ${DEFAULT-VALUE})")
        int page;
        @Option(names = "--size", defaultValue = "50", description = "records per page, 1-500 (default: ${DEFAULT-VALUE})")
        int size;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("page", String.valueOf(page));
            query.put("size", String.valueOf(size));
            if (status != null) {
                query.put("status", status);
            }
            AnalystClient client = client();
            JsonNode body = client.readTree(client.get("/api/v1/analyst/parked", query, "application/json"));
            if (root().json) {
                body.path("records").forEach(this::line);
                return 0;
            }
            Table table = new Table("id", "status", "consumer", "topic", "partition", "offset", "parked at", "reason");
            for (JsonNode r : body.path("records")) {
                table.add(r.path("id").asLong(), r.path("status").asText(), r.path("consumer").asText(), r.path("topic").asText(),
                        r.path("partition").asInt(), r.path("offset").asLong(), r.path("parkedAt").asText(),
                        abbreviate(r.path("reason").asText(), 100));
            }
            print(table.render());
            print(String.format("page %d, %d of %d parked records%n", body.path("page").asInt(), table.size(),
                    body.path("total").asLong()));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One parked record with its reason and payload.")
    static class Show extends ParkedSub {
        @Parameters(index = "0", paramLabel = "ID", description = "the parked record's id")
        long id;

        @Override
        public Integer call() {
            AnalystClient client = client();
            JsonNode r = client.readTree(client.get("/api/v1/analyst/parked/" + id, Map.of(), "application/json"));
            if (root().json) {
                line(r);
            } else {
                print(describe(r));
            }
            return 0;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Re-drives a parked record through its consumer's apply path (once the code or the data is fixed). "
                    + "Exits with " + RETRY_FAILED + " if it still fails.")
    static class Retry extends ParkedSub {
        @Parameters(index = "0", paramLabel = "ID", description = "the parked record's id")
        long id;

        @Override
        public Integer call() {
            AnalystClient client = client();
            JsonNode r = client.readTree(client.post("/api/v1/analyst/parked/" + id + "/retry", "application/json", ""));
            if (root().json) {
                line(r);
            } else {
                print(describe(r));
            }
            return "RETRIED".equals(r.path("status").asText()) ? 0 : RETRY_FAILED;
        }
    }

    static String describe(JsonNode r) {
        StringBuilder out = new StringBuilder();
        for (String field : new String[]{"id", "status", "consumer", "topic", "partition", "offset", "key", "parkedAt",
                "retriedAt", "exceptionClass", "stackDigest", "reason"}) {
            JsonNode v = r.path(field);
            if (!v.isMissingNode() && !v.isNull()) {
                out.append(String.format("%-15s %s%n", field, v.asText()));
            }
        }
        if (r.hasNonNull("payload")) {
            out.append("payload\n").append(r.path("payload").asText()).append('\n');
        }
        return out.toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
