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
 * ({@code /api/v1/analyst/**}). Tables for people by default; {@code --format json} (or {@code --json}) for JSON
 * lines, {@code --format csv} for CSV.
 */
@Command(name = "analyst", mixinStandardHelpOptions = true, version = "card-ledger analyst-cli 0.1.0",
        description = "Reconciliation tools over ledger-service's event store (read-only).",
        subcommands = {AnalystCli.Stream.class, AnalystCli.BalanceAsOf.class, AnalystCli.Anomalies.class,
                AnalystCli.Notification.class, AnalystCli.WhatIf.class, AnalystCli.Reconcile.class, AnalystCli.ReconcileTransactions.class, RebuildCommand.class,
                ParkedCommand.class})
public class AnalystCli {
    /** The stream answer's header naming the next page's {@code from}. */
    static final String NEXT_FROM = "X-Next-From";
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

    /** How a report is printed. */
    public enum Format { table, json, csv }

    Format format = Format.table;

    /** Also sets {@link #json} for json, so that commands reading that flag (parked) follow {@code --format json} too. */
    @Option(names = "--format", scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json (one JSON object per line) or csv (a header row, then one row per line)")
    void format(Format value) {
        format = value;
        if (value == Format.json) {
            json = true;
        }
    }

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "the same as --format json")
    boolean json;

    Format format() {
        return json ? Format.json : format;
    }

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

        AnalystCli.Format format() {
            return parent.format();
        }

        /** A report in the chosen format: the table with its text, CSV rows, or the JSON objects one per line. */
        void emit(Table table, String tableText, Iterable<JsonNode> jsonRows) {
            switch (format()) {
                case table -> print(tableText);
                case csv -> print(table.csv(true));
                case json -> jsonRows.forEach(this::line);
            }
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
        @Option(names = "--issuer", paramLabel = "paycaddy|katfacil",
                description = "card streams: katfacil shows the KatFacil events the card received (default: its PayCaddy stream)")
        String issuer;

        @Option(names = "--page-size", defaultValue = "1000", paramLabel = "N",
                description = "events per request; every page is fetched and printed in turn (default: ${DEFAULT-VALUE})")
        int pageSize;

        @Override
        public Integer call() {
            String path = "/api/v1/analyst/" + kind + "s/" + AnalystClient.segment(id) + "/stream";
            AnalystClient client = parent.client();
            String next = from;
            boolean first = true;
            int total = 0;
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("from", next);
                query.put("to", to);
                query.put("limit", Integer.toString(pageSize));
                query.put("issuer", issuer);
                if (format() == Format.json) {
                    AnalystClient.Page page = client.get(path, query, AnalystClient.NDJSON, NEXT_FROM);
                    print(page.body());
                    next = page.header();
                } else {
                    AnalystClient.Page page = client.get(path, query, "application/json", NEXT_FROM);
                    JsonNode entries = client.readTree(page.body());
                    Table table = Views.streamTable(entries);
                    total += table.size();
                    print(format() == Format.csv ? table.csv(first) : table.render());
                    next = page.header();
                }
                first = false;
            } while (next != null);
            if (format() == Format.table) {
                print(total + " event(s)\n");
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
            emit(Views.balanceTable(balance), Views.balance(balance), java.util.List.of(balance));
            return 0;
        }
    }

    @Command(name = "notification", mixinStandardHelpOptions = true, description = "A notification's status from its id alone "
            + "(no card id needed), or every notification with a c11 on any card: state, card, movements and flags, parked record.")
    static class Notification extends Sub {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NOTIFICATION_ID", description = "the notification id")
        String notificationId;
        @Option(names = "--c11", paramLabel = "C11", description = "instead of an id: every notification with this c11")
        String c11;

        @Override
        public Integer call() {
            if ((notificationId == null) == (c11 == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give a NOTIFICATION_ID or --c11, not both");
            }
            AnalystClient client = parent.client();
            JsonNode answer = notificationId != null
                    ? client.readTree(client.get("/api/v1/analyst/notifications/" + AnalystClient.segment(notificationId),
                            Map.of(), "application/json"))
                    : client.readTree(client.get("/api/v1/analyst/notifications", Map.of("c11", c11), "application/json"));
            java.util.List<JsonNode> statuses = new java.util.ArrayList<>();
            if (answer.isArray()) {
                answer.forEach(statuses::add);
            } else {
                statuses.add(answer);
            }
            Table table = Views.notificationsTable(statuses);
            emit(table, table.render() + statuses.size() + " notification(s)\n", statuses);
            return 0;
        }
    }

    @Command(name = "anomalies", mixinStandardHelpOptions = true, description = "What an analyst should look at: parked reversals, "
            + "settlements at another amount, modified-twice, unrecognised types, unreadable amounts, negative available balances, "
            + "holds open for too long, holds that can never match (empty c11), notifications waiting for an unregistered card, "
            + "parked records, the card controls' and credit lines' flags, and KatFacil events unrecognised or flagged "
            + "(inexact amount, currency mismatch, duplicate money id, unrecognised status, money on a frozen card). "
            + "A page at a time (--after, or --all).")
    static class Anomalies extends Sub {
        @Option(names = "--open-hold-days", defaultValue = "7", paramLabel = "N",
                description = "report holds still open after N days (default: ${DEFAULT-VALUE})")
        int openHoldDays;
        @Option(names = "--kind", split = ",", paramLabel = "KIND", description = "only these kinds (repeat or comma-separate), "
                + "e.g. OPEN_HOLD,AWAITING_CARD,UNMATCHABLE_HOLD,PARKED_RECORD,CARD_BLOCKED,DUPLICATE_MONEY_ID")
        java.util.List<String> kinds;
        @Option(names = "--wallet", paramLabel = "WALLET_ID", description = "only this wallet's")
        String wallet;
        @Option(names = "--card", paramLabel = "CARD_ID", description = "only this card's")
        String card;
        @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class, description = "raised at or after (ISO-8601)")
        Instant from;
        @Option(names = "--to", paramLabel = "INSTANT", converter = InstantConverter.class, description = "raised at or before (ISO-8601)")
        Instant to;
        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "per page, at most 1000 (default: ${DEFAULT-VALUE})")
        int limit;
        @Option(names = "--after", paramLabel = "CURSOR", description = "the page after this cursor (printed as 'more: --after ...')")
        String after;
        @Option(names = "--all", description = "fetch and print every page")
        boolean all;

        @Override
        public Integer call() {
            AnalystClient client = parent.client();
            String cursor = after;
            boolean first = true;
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("openHoldDays", Integer.toString(openHoldDays));
                query.put("kind", kinds == null ? null : String.join(",", kinds));
                query.put("walletId", wallet);
                query.put("cardId", card);
                query.put("from", from == null ? null : from.toString());
                query.put("to", to == null ? null : to.toString());
                query.put("limit", Integer.toString(limit));
                query.put("after", cursor);
                JsonNode report = client.readTree(client.get("/api/v1/analyst/anomalies", query, "application/json"));
                cursor = report.path("next").isTextual() ? report.path("next").asText() : null;
                switch (format()) {
                    case table -> print(all && cursor != null ? Views.anomaliesTable(report).render() : Views.anomalies(report));
                    case csv -> print(Views.anomaliesTable(report).csv(first));
                    case json -> report.path("anomalies").forEach(this::line);
                }
                first = false;
            } while (all && cursor != null);
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
            switch (format()) {
                case table -> print(Views.whatIf(report));
                case csv -> print(Views.whatIfTable(report).csv(true));
                case json -> {
                    report.path("movements").forEach(this::line);
                    line(Views.whatIfTotals(report));
                }
            }
            return 0;
        }
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true, description = "Compares the issuer's balances with the ledger's: "
            + "its Wallet GET or WalletsPerUserIds JSON responses as they are, or CSV with a header row (walletId or Id, balance "
            + "and/or AmountAvailable, amountWithheld; minor units). Exits with " + MISMATCHES_FOUND + " when some wallets differ.")
    static class Reconcile extends Sub {
        @Parameters(index = "0", paramLabel = "FILE", description = "issuer balances, .csv or .json")
        Path file;
        @Option(names = "--issuer-balance-means", defaultValue = "total", paramLabel = "total|available",
                description = "what the issuer's 'balance' field is: total = available + withheld, as its Wallet GET documents "
                        + "(default: ${DEFAULT-VALUE}), or available")
        String issuerBalanceMeans;

        @Override
        public Integer call() throws IOException {
            if (!issuerBalanceMeans.equals("total") && !issuerBalanceMeans.equals("available")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--issuer-balance-means must be total or available, not " + issuerBalanceMeans);
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String type = isJson(file, content) ? "application/json" : "text/csv";
            AnalystClient client = parent.client();
            JsonNode report = client.readTree(client.post("/api/v1/analyst/reconcile",
                    Map.of("issuerBalanceMeans", issuerBalanceMeans), type, content));
            emit(Views.reconciliationTable(report), Views.reconciliation(report), report.path("mismatches"));
            return report.path("mismatched").asInt() > 0 ? MISMATCHES_FOUND : 0;
        }

        static boolean isJson(Path file, String content) {
            String start = content.stripLeading();
            return file.getFileName().toString().toLowerCase().endsWith(".json") || start.startsWith("[") || start.startsWith("{");
        }
    }

    @Command(name = "reconcile-transactions", mixinStandardHelpOptions = true, description = "Matches each line of the issuer's "
            + "TransactionDetailList (--card) or TransactionDetailListByWallet (--wallet) export (its JSON responses as they are, one or an "
            + "array of pages) with the ledger's card movements by card, c11, type and amount, and lists the unmatched lines of both "
            + "sides with a reason. Exits with " + MISMATCHES_FOUND + " when any line is unmatched.")
    static class ReconcileTransactions extends Sub {
        @Parameters(index = "0", paramLabel = "FILE", description = "the issuer's transaction list response(s), JSON")
        Path file;
        @Option(names = "--card", paramLabel = "CARD_ID", description = "the card the TransactionDetailList export is for")
        String card;
        @Option(names = "--wallet", paramLabel = "WALLET_ID", description = "the wallet the TransactionDetailListByWallet export is for")
        String wallet;
        @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
                description = "compare our movements recorded at or after (the export's startDate)")
        Instant from;
        @Option(names = "--to", paramLabel = "INSTANT", converter = InstantConverter.class,
                description = "compare our movements recorded at or before (the export's toDate)")
        Instant to;

        @Override
        public Integer call() throws IOException {
            if ((card == null) == (wallet == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --card or --wallet");
            }
            Map<String, String> query = new LinkedHashMap<>();
            query.put("cardId", card);
            query.put("walletId", wallet);
            query.put("from", from == null ? null : from.toString());
            query.put("to", to == null ? null : to.toString());
            AnalystClient client = parent.client();
            JsonNode report = client.readTree(client.post("/api/v1/analyst/reconcile/transactions", query, "application/json",
                    Files.readString(file, StandardCharsets.UTF_8)));
            java.util.List<JsonNode> unmatched = new java.util.ArrayList<>();
            report.path("onlyInIssuerExport").forEach(l -> unmatched.add(((com.fasterxml.jackson.databind.node.ObjectNode) l.deepCopy())
                    .put("side", "issuer only")));
            report.path("onlyInLedger").forEach(l -> unmatched.add(((com.fasterxml.jackson.databind.node.ObjectNode) l.deepCopy())
                    .put("side", "ledger only")));
            emit(Views.transactionsTable(report), Views.transactions(report), unmatched);
            return unmatched.isEmpty() ? 0 : MISMATCHES_FOUND;
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
