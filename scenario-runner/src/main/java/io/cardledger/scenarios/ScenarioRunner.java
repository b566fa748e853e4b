package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Runs scenario files (format: scenarios/shared/README.md) against a running card-ledger: every
 * step in order over HTTP through webhook-ingest and ledger-service, then waits, bounded, until
 * projection-service shows the expected balances, and compares them exactly.
 *
 * <p>Every id a scenario names (wallets, cards, users, operations) gets a prefix unique to the
 * run, so scenarios that reuse "w-1" stay independent on one shared system and can run again.
 *
 * <p>A webhook's 200 means the notification is in Kafka, not that the ledger has applied it. A
 * pay-out or transfer is judged against the balance at the moment the ledger records it, so before
 * sending one the runner waits (bounded) until the ledger has recorded every notification the
 * scenario sent before it, counted by distinct notification on the card's stream in the analyst API
 * (which needs the analyst token). A scenario therefore means the same thing whether its
 * notifications are consumed quickly or slowly.
 */
public final class ScenarioRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ID_FIELDS = Set.of("walletId", "walletIdTo", "walletIdFrom", "cardId", "userId", "id",
            "c2CardId");

    /**
     * Where the system listens and the secrets it expects.
     *
     * @param analystToken read the ledger's card streams to know which notifications it has applied
     *                     (see the class comment); without it a scenario with a pay-out or transfer after a
     *                     notification fails with a message saying so
     */
    public record Target(URI ingest, URI ledger, URI projection, String webhookPassword, String token, Duration catchUp,
                         String analystToken) {
        public Target(URI ingest, URI ledger, URI projection, String webhookPassword, String token, Duration catchUp) {
            this(ingest, ledger, projection, webhookPassword, token, catchUp, null);
        }

        public static Target local() {
            return new Target(URI.create("http://localhost:8080"), URI.create("http://localhost:8081"),
                    URI.create("http://localhost:8082"), "local-webhook-password", "local-service-token", Duration.ofSeconds(30),
                    "local-analyst-token");
        }

        public Target withCatchUp(Duration other) {
            return new Target(ingest, ledger, projection, webhookPassword, token, other, analystToken);
        }
    }

    /**
     * How one scenario went. {@code observed} holds the last balances read back for the wallets the
     * scenario expects (under the scenario's own ids; a wallet the projection did not answer for is absent).
     */
    public record Outcome(String scenario, boolean passed, String detail, long millis, Map<String, Balance> observed) {
        public Outcome(String scenario, boolean passed, String detail, long millis) {
            this(scenario, passed, detail, millis, Map.of());
        }
    }

    /** A wallet's balances as projection-service reports them, in minor units. */
    public record Balance(long available, long withheld) {
    }

    private final Target target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ScenarioRunner(Target target) {
        this.target = target;
    }

    public static void main(String[] args) throws IOException {
        Target t = Target.local();
        List<Path> folders = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--ingest=")) {
                t = new Target(URI.create(value(a)), t.ledger(), t.projection(), t.webhookPassword(), t.token(), t.catchUp(),
                        t.analystToken());
            } else if (a.startsWith("--ledger=")) {
                t = new Target(t.ingest(), URI.create(value(a)), t.projection(), t.webhookPassword(), t.token(), t.catchUp(),
                        t.analystToken());
            } else if (a.startsWith("--projection=")) {
                t = new Target(t.ingest(), t.ledger(), URI.create(value(a)), t.webhookPassword(), t.token(), t.catchUp(),
                        t.analystToken());
            } else if (a.startsWith("--password=")) {
                t = new Target(t.ingest(), t.ledger(), t.projection(), value(a), t.token(), t.catchUp(), t.analystToken());
            } else if (a.startsWith("--token=")) {
                t = new Target(t.ingest(), t.ledger(), t.projection(), t.webhookPassword(), value(a), t.catchUp(),
                        t.analystToken());
            } else if (a.startsWith("--analyst-token=")) {
                t = new Target(t.ingest(), t.ledger(), t.projection(), t.webhookPassword(), t.token(), t.catchUp(), value(a));
            } else if (a.startsWith("--timeout-seconds=")) {
                t = t.withCatchUp(Duration.ofSeconds(Long.parseLong(value(a))));
            } else {
                folders.add(Path.of(a));
            }
        }
        if (folders.isEmpty()) {
            System.err.println("usage: scenario-runner [--ingest=URL --ledger=URL --projection=URL --password=P --token=T "
                    + "--analyst-token=T --timeout-seconds=N] FOLDER...");
            System.exit(2);
        }
        List<Outcome> outcomes = new ArrayList<>();
        ScenarioRunner runner = new ScenarioRunner(t);
        for (Path folder : folders) {
            outcomes.addAll(runner.runFolder(folder, System.out));
        }
        long failed = summarize(outcomes, System.out);
        System.exit(failed == 0 ? 0 : 1);
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    /** Prints the closing line and returns the number of failures. */
    public static long summarize(List<Outcome> outcomes, PrintStream out) {
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        out.printf("%d passed, %d failed%n", outcomes.size() - failed, failed);
        return failed;
    }

    /** Runs every *.json file of the folder in name order, printing one line per scenario. */
    public List<Outcome> runFolder(Path folder, PrintStream out) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Path file : files) {
            Outcome o = run(file);
            out.printf("%s  %-45s %5d ms%s%n", o.passed() ? "PASS" : "FAIL", o.scenario(), o.millis(),
                    o.passed() ? "" : "  " + o.detail());
            outcomes.add(o);
        }
        return outcomes;
    }

    public Outcome run(Path file) {
        long start = System.nanoTime();
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        JsonNode scenario;
        try {
            scenario = JSON.readTree(file.toFile());
        } catch (Exception e) {
            return new Outcome(name, false, e.getClass().getSimpleName() + ": " + e.getMessage(), millis(start));
        }
        return run(name, scenario);
    }

    /** Runs one scenario given as parsed JSON (the file format), under ids no other run uses. */
    public Outcome run(String name, JsonNode scenario) {
        long start = System.nanoTime();
        Map<String, Balance> observed = new java.util.LinkedHashMap<>();
        try {
            String prefix = "s" + UUID.randomUUID().toString().substring(0, 8) + "-";
            Sent sent = new Sent();
            int stepNo = 0;
            for (JsonNode step : scenario.path("steps")) {
                stepNo++;
                String failure = runStep(step, prefix, sent);
                if (failure != null) {
                    return new Outcome(name, false, "step " + stepNo + ": " + failure, millis(start));
                }
            }
            String mismatch = awaitBalances(scenario.path("expect").path("wallets"), prefix, observed);
            return new Outcome(name, mismatch == null, mismatch, millis(start), Map.copyOf(observed));
        } catch (Exception e) {
            return new Outcome(name, false, e.getClass().getSimpleName() + ": " + e.getMessage(), millis(start),
                    Map.copyOf(observed));
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The distinct notifications a scenario run has had accepted, per (namespaced) card, and whether the ledger has them all. */
    private static final class Sent {
        final Map<String, Set<JsonNode>> byCard = new java.util.LinkedHashMap<>();
        boolean unconfirmed;
    }

    /** Sends one step; returns null when it got the answer the scenario expects, else what went wrong. */
    private String runStep(JsonNode step, String prefix, Sent sent) throws IOException, InterruptedException {
        HttpRequest request;
        String kind = kindOf(step);
        JsonNode body = step.get(kind);
        if ((kind.equals("payOut") || kind.equals("transfer")) && sent.unconfirmed) {
            String notYet = awaitNotificationsApplied(sent);
            if (notYet != null) {
                return notYet;
            }
        }
        ObjectNode notification = null;
        switch (kind) {
            case "registerWallet" -> request = ledger("PUT", "/api/v1/wallets/" + prefix + body.path("walletId").asText(),
                    namespaced(body, prefix));
            case "registerCard" -> request = ledger("PUT", "/api/v1/cards/" + prefix + body.path("cardId").asText(),
                    namespaced(body, prefix));
            case "payIn" -> request = ledger("POST", "/api/v1/pay-ins", namespaced(body, prefix));
            case "payOut" -> request = ledger("POST", "/api/v1/pay-outs", namespaced(body, prefix));
            case "transfer" -> request = ledger("POST", "/api/v1/transfers", namespaced(body, prefix));
            case "notification" -> {
                notification = (ObjectNode) namespaced(body, prefix);
                ObjectNode n = notification.deepCopy();
                n.put("password", step.has("password") ? step.get("password").asText() : target.webhookPassword());
                request = post(target.ingest().resolve("/webhooks/paycaddy/notifications"), JSON.writeValueAsString(n), null);
            }
            case "rawNotification" -> request = post(target.ingest().resolve("/webhooks/paycaddy/notifications"),
                    namespacedText(body.asText(), prefix), null);
            default -> {
                return "unknown step " + kind;
            }
        }
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (notification != null && status == 200 && notification.path("c2CardId").isTextual()) {
            sent.byCard.computeIfAbsent(notification.get("c2CardId").asText(), c -> new java.util.HashSet<>()).add(notification);
            sent.unconfirmed = true;
        }
        if (step.has("expectRejected")) {
            String expectedTitle = step.get("expectRejected").asText();
            String title = problemTitle(response);
            if (status < 400 || !expectedTitle.equals(title)) {
                return "expected refusal \"" + expectedTitle + "\", got " + status + " " + abbreviate(response.body());
            }
            return checkStatus(step, status, status);
        }
        return checkStatus(step, status, 200);
    }

    private static String checkStatus(JsonNode step, int status, int defaultExpected) {
        int expected = step.has("expectStatus") ? step.get("expectStatus").asInt() : defaultExpected;
        return status == expected ? null : "expected HTTP " + expected + ", got " + status;
    }

    private static String kindOf(JsonNode step) {
        for (Iterator<String> it = step.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.startsWith("expect") && !f.equals("password")) {
                return f;
            }
        }
        return "?";
    }

    private static String problemTitle(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).path("title").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Polls the ledger's card streams until each card shows at least as many distinct notification ids
     * as distinct notifications were accepted for it (a redelivery records nothing new); null when it
     * does, else what was missing when the catch-up time ran out.
     */
    private String awaitNotificationsApplied(Sent sent) throws IOException, InterruptedException {
        if (target.analystToken() == null || target.analystToken().isBlank()) {
            return "a pay-out or transfer after notifications needs the analyst token (--analyst-token) to wait until the "
                    + "ledger has applied them";
        }
        for (Map.Entry<String, Set<JsonNode>> card : sent.byCard.entrySet()) {
            AtomicInteger recorded = new AtomicInteger();
            try {
                waitUpTo(target.catchUp(), Duration.ofMillis(50)).until(() -> {
                    recorded.set(recordedNotifications(card.getKey()));
                    return recorded.get() >= card.getValue().size();
                });
            } catch (ConditionTimeoutException e) {
                return "the ledger had recorded " + recorded.get() + " of the " + card.getValue().size()
                        + " notifications sent for card " + card.getKey() + " after " + target.catchUp().toSeconds() + " s";
            }
        }
        sent.unconfirmed = false;
        return null;
    }

    /** Distinct notification ids on the card's stream (kept while the card was unknown, or applied); -1 when unreadable. */
    private int recordedNotifications(String cardId) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(target.ledger().resolve("/api/v1/analyst/cards/"
                        + java.net.URLEncoder.encode(cardId, java.nio.charset.StandardCharsets.UTF_8) + "/stream"))
                .header("Authorization", "Bearer " + target.analystToken()).timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return 0;
        }
        if (r.statusCode() != 200) {
            throw new IOException("the ledger's card stream answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        Set<String> ids = new java.util.HashSet<>();
        for (JsonNode entry : JSON.readTree(r.body())) {
            if (entry.path("notificationId").isTextual()) {
                ids.add(entry.get("notificationId").asText());
            }
        }
        return ids.size();
    }

    /** Polls projection-service until every expected wallet matches or the catch-up time is over. */
    private String awaitBalances(JsonNode expected, String prefix, Map<String, Balance> observed)
            throws IOException, InterruptedException {
        AtomicReference<String> mismatch = new AtomicReference<>();
        try {
            waitUpTo(target.catchUp(), Duration.ofMillis(100)).until(() -> {
                observed.clear();
                mismatch.set(compareBalances(expected, prefix, observed));
                return mismatch.get() == null;
            });
            return null;
        } catch (ConditionTimeoutException e) {
            return mismatch.get() + " (after waiting " + target.catchUp().toSeconds() + " s)";
        }
    }

    /**
     * Checks at once, then every {@code interval} until {@code atMost}, on the caller's thread (the
     * scenario's own, possibly one of many running at once); an exception of the check ends the wait.
     */
    private static ConditionFactory waitUpTo(Duration atMost, Duration interval) {
        return await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(interval).pollInSameThread();
    }

    private String compareBalances(JsonNode expected, String prefix, Map<String, Balance> observed)
            throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            HttpRequest get = HttpRequest.newBuilder(target.projection().resolve("/api/v1/wallets/" + prefix + e.getKey()))
                    .header("Authorization", "Bearer " + target.token()).timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                problems.add(e.getKey() + ": projection answered " + r.statusCode());
                continue;
            }
            JsonNode actual = JSON.readTree(r.body());
            long wantA = e.getValue().path("available").asLong();
            long wantW = e.getValue().path("withheld").asLong();
            long gotA = actual.path("available").asLong();
            long gotW = actual.path("withheld").asLong();
            observed.put(e.getKey(), new Balance(gotA, gotW));
            if (wantA != gotA || wantW != gotW) {
                problems.add(String.format("%s: expected available %d withheld %d, got available %d withheld %d",
                        e.getKey(), wantA, wantW, gotA, gotW));
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private HttpRequest ledger(String method, String path, JsonNode body) throws IOException {
        return HttpRequest.newBuilder(target.ledger().resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + target.token())
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
    }

    private static HttpRequest post(URI uri, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    static JsonNode namespaced(JsonNode body, String prefix) {
        ObjectNode copy = body.deepCopy();
        for (String field : ID_FIELDS) {
            JsonNode v = copy.get(field);
            if (v != null && v.isTextual() && !v.asText().isEmpty()) {
                copy.put(field, prefix + v.asText());
            }
        }
        return copy;
    }

    /** Raw text is sent as given, except that the card id is namespaced where the text is a JSON object naming one. */
    static String namespacedText(String text, String prefix) {
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed != null && parsed.isObject() && parsed.path("c2CardId").isTextual()) {
                String card = parsed.get("c2CardId").asText();
                return text.replace("\"" + card + "\"", "\"" + prefix + card + "\"");
            }
        } catch (IOException e) {
            // Not JSON: a malformed-body case, sent exactly as written.
        }
        return text;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
