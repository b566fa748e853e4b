package io.cardledger.analyst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The reconciliation analyst's command line over ledger-service's analyst API
 * ({@code /api/v1/analyst/**}). Tables for people by default, {@code --json} for JSON lines.
 */
@Command(name = "analyst", mixinStandardHelpOptions = true, version = "card-ledger analyst-cli 0.1.0",
        description = "Reconciliation tools over ledger-service's event store (read-only).",
        subcommands = {AnalystCli.Stream.class, AnalystCli.BalanceAsOf.class, AnalystCli.Anomalies.class,
                AnalystCli.WhatIf.class, AnalystCli.Reconcile.class, RebuildCommand.class,
                ParkedCommand.class})
public class AnalystCli {
    /** Exit code when a reconciliation found wallets whose balances differ from the issuer's. */
    public static final int MISMATCHES_FOUND = 3;
    /** Exit code when a rebuild ended FAILED (the live read models were left as they were). */
    public static final int REBUILD_FAILED = 4;
    /** Exit code when the service refused the request or could not be reached. */
    public static final int SERVICE_ERROR = 1;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CARDLEDGER_LEDGER_URL:-http://localhost:8081}",
            description = "ledger-service base URL (default: ${DEFAULT-VALUE}; env CARDLEDGER_LEDGER_URL)")
    String url;

    @Option(names = "--projection-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CARDLEDGER_PROJECTION_URL:-http://localhost:8082}",
            description = "projection-service base URL, for rebuild (default: ${DEFAULT-VALUE}; env CARDLEDGER_PROJECTION_URL)")
    String projectionUrl;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            defaultValue = "${env:CARDLEDGER_ANALYST_TOKEN:-local-analyst-token}", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "analyst bearer token (default: env CARDLEDGER_ANALYST_TOKEN, else the local development token)")
    String token;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print JSON lines instead of a table")
    boolean json;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: service errors print their problem title and exit with {@link #SERVICE_ERROR}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AnalystCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof AnalystClient.ApiException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return SERVICE_ERROR;
            }
            throw e;
        });
        return cli;
    }

    AnalystClient client() {
        return new AnalystClient(url, token);
    }

    AnalystClient projectionClient() {
        return new AnalystClient(projectionUrl, token, "projection-service", "--projection-url");
    }

    /** Base of the subcommands: where to write, and the shared options. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        AnalystCli parent;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void print(String text) {
            out().print(text);
            out().flush();
        }

        /** One compact JSON document per line. */
        void line(JsonNode node) {
            out().println(node.toString());
            out().flush();
        }
    }

    enum AggregateKind { wallet, card }

    @Command(name = "stream", mixinStandardHelpOptions = true,
            description = "A wallet's or card's events in order, with deltas, flags and balances after.")
    static class Stream extends Sub {
        @Parameters(index = "0", paramLabel = "wallet|card", description = "which stream: ${COMPLETION-CANDIDATES}")
        AggregateKind kind;
        @Parameters(index = "1", paramLabel = "ID", description = "wallet id or card id")
        String id;
        @Option(names = "--from", description = "first sequence number or ISO instant (inclusive)")
        String from;
        @Option(names = "--to", description = "last sequence number or ISO instant (inclusive)")
        String to;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("from", from);
            query.put("to", to);
            String path = "/api/v1/analyst/" + kind + "s/" + AnalystClient.segment(id) + "/stream";
            AnalystClient client = parent.client();
            if (parent.json) {
                print(client.get(path, query, AnalystClient.NDJSON));
            } else {
                print(Views.stream(client.readTree(client.get(path, query, "application/json"))));
            }
            return 0;
        }
    }

    @Command(name = "balance", mixinStandardHelpOptions = true,
            description = "A wallet's available and withheld balances as of an instant.")
    static class BalanceAsOf extends Sub {
        @Parameters(index = "0", paramLabel = "WALLET_ID")
        String walletId;
        @Option(names = "--as-of", required = true, paramLabel = "INSTANT", converter = InstantConverter.class,
                description = "ISO-8601 instant, e.g. 2026-04-29T23:59:59Z")
        Instant asOf;

        @Override
        public Integer call() {
            AnalystClient client = parent.client();
            JsonNode balance = client.readTree(client.get("/api/v1/analyst/wallets/" + AnalystClient.segment(walletId) + "/balance",
                    Map.of("asOf", asOf.toString()), "application/json"));
            if (parent.json) {
                line(balance);
            } else {
                print(Views.balance(balance));
            }
            return 0;
        }
    }

    @Command(name = "anomalies", mixinStandardHelpOptions = true, description = "Parked reversals, settlements at another amount, modified-twice, unrecognised "
            + "types, negative available balances and holds open for too long.")
    static class Anomalies extends Sub {
        @Option(names = "--open-hold-days", defaultValue = "7", paramLabel = "N",
                description = "report holds still open after N days (default: ${DEFAULT-VALUE})")
        int openHoldDays;

        @Override
        public Integer call() {
            AnalystClient client = parent.client();
            JsonNode report = client.readTree(client.get("/api/v1/analyst/anomalies",
                    Map.of("openHoldDays", Integer.toString(openHoldDays)), "application/json"));
            if (parent.json) {
                report.path("anomalies").forEach(this::line);
            } else {
                print(Views.anomalies(report));
            }
            return 0;
        }
    }

    @Command(name = "what-if", mixinStandardHelpOptions = true, description = "Replays a card's notifications under other rulebook options, in memory, "
            + "and compares each movement with the live ledger. The live ledger is not changed.")
    static class WhatIf extends Sub {
        @Parameters(index = "0", paramLabel = "CARD_ID")
        String cardId;
        @Option(names = "--corrections-are-final-amounts", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "read a correction's c4 as the final settled amount (default: ${DEFAULT-VALUE}; "
                        + "--no-corrections-are-final-amounts replays under the live rules)")
        boolean correctionsAreFinalAmounts;

        @Override
        public Integer call() throws IOException {
            AnalystClient client = parent.client();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cardId", cardId);
            body.put("correctionsAreFinalAmounts", correctionsAreFinalAmounts);
            JsonNode report = client.readTree(client.post("/api/v1/analyst/what-if", "application/json",
                    client.json().writeValueAsString(body)));
            if (parent.json) {
                report.path("movements").forEach(this::line);
                line(Views.whatIfTotals(report));
            } else {
                print(Views.whatIf(report));
            }
            return 0;
        }
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true, description = "Compares the issuer's balances (CSV walletId,balance,amountWithheld in minor "
            + "units with a header row, or a JSON array) with the ledger's. Exits with " + MISMATCHES_FOUND
            + " when some wallets differ.")
    static class Reconcile extends Sub {
        @Parameters(index = "0", paramLabel = "FILE", description = "issuer balances, .csv or .json")
        Path file;

        @Override
        public Integer call() throws IOException {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String type = isJson(file, content) ? "application/json" : "text/csv";
            AnalystClient client = parent.client();
            JsonNode report = client.readTree(client.post("/api/v1/analyst/reconcile", type, content));
            if (parent.json) {
                report.path("mismatches").forEach(this::line);
            } else {
                print(Views.reconciliation(report));
            }
            return report.path("mismatched").asInt() > 0 ? MISMATCHES_FOUND : 0;
        }

        static boolean isJson(Path file, String content) {
            return file.getFileName().toString().toLowerCase().endsWith(".json") || content.stripLeading().startsWith("[");
        }
    }

    static class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 instant such as 2026-04-29T23:59:59Z");
            }
        }
    }
}
