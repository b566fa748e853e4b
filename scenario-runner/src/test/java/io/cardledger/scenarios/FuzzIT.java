package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.Topics;
import io.cardledger.testing.SharedInfra;
import io.cardledger.testing.model.GeneratedStream;
import io.cardledger.testing.model.Streams;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fuzzing through the running system (the three services' jars, real Kafka, real PostgreSQL):
 * at least 10,000 random and mutated bodies, built from the notifications and operations of
 * generated streams (type confusion, huge numbers, deep nesting, control characters, unicode,
 * missing, duplicated and truncated fields, garbage), sent to webhook-ingest and ledger-service
 * while valid streams run through the same services. Then:
 * <ul>
 *   <li>no answer was a 5xx;</li>
 *   <li>every valid stream ends on the reference model's balances (ScenarioRunner reads them back from
 *   projection-service);</li>
 *   <li>both consumers' lag returns to 0;</li>
 *   <li>every parked record (ledger and projection) is listed by the analyst endpoint;</li>
 *   <li>the ledger is still healthy.</li>
 * </ul>
 * The seed is printed; {@code -Dcardledger.fuzz.seed=N} replays the same bodies (their interleaving
 * with the valid streams is the machine's). {@code -Dcardledger.fuzz.bodies=N} changes the count.
 */
class FuzzIT {
    static final String SEED_PROPERTY = "cardledger.fuzz.seed";
    private static final int DEFAULT_BODIES = 10_000;
    private static final int VALID_STREAMS = 6;
    private static final int SENDERS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> ID_FIELDS = Set.of("c2CardId", "walletId", "cardId", "walletIdTo", "walletIdFrom", "id", "userId");
    private static final String[] ODD_TEXT = {"\u0000", "\u0001", "\u0007", "\u001f", "\u007f", "\u0085", "\u2028", "\uFEFF",
            "\uD800", "\uDFFF", "\uD83D\uDE00", "\u202E", "e\u0301", "ß", "中文", "\\", "\"", "'; DROP TABLE x; --", "%00", "\t",
            "\n", "\r\n", " ", "${jndi:ldap://x}", "<script>", "\u00A0"};

    private record Template(String kind, ObjectNode body) {
    }

    @Test
    void mutatedBodiesNeverGetA5xxNorDisturbTheValidStreams() throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, new SecureRandom().nextLong());
        int bodies = Integer.getInteger("cardledger.fuzz.bodies", DEFAULT_BODIES);
        System.out.printf("FuzzIT: seed %d, %d bodies (repeat with -D%s=%d)%n", seed, bodies, SEED_PROPERTY, seed);
        Random random = new Random(seed);

        List<GeneratedStream> streams = new ArrayList<>();
        JqwikSession.run(() -> {
            RandomGenerator<GeneratedStream> generator = Streams.streams(8).generator(1000, true);
            for (int i = 0; i < VALID_STREAMS; i++) {
                streams.add(generator.next(random).value());
            }
        });
        List<ObjectNode> scenarios = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            scenarios.add(streams.get(i).toScenario("fuzz-seed" + seed + "-valid" + i));
        }
        String fuzzPrefix = "fz" + Long.toHexString(seed).substring(0, Math.min(8, Long.toHexString(seed).length())) + "-";
        List<Template> templates = templates(scenarios, fuzzPrefix);
        List<String[]> fuzz = new ArrayList<>(bodies);
        for (int i = 0; i < bodies; i++) {
            Template t = templates.get(random.nextInt(templates.size()));
            fuzz.add(new String[]{t.kind(), mutate(t, random)});
        }

        Target target = RunningSystem.get().target();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long started = System.nanoTime();

        // the valid streams and the fuzz, at the same time
        ExecutorService valid = Executors.newFixedThreadPool(2);
        ScenarioRunner runner = new ScenarioRunner(target);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            String name = "fuzz-seed" + seed + "-valid" + i;
            ObjectNode scenario = scenarios.get(i);
            outcomes.add(valid.submit(() -> runner.run(name, scenario)));
        }
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> sending = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            sending.add(senders.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < fuzz.size(); ) {
                    String[] f = fuzz.get(i);
                    HttpResponse<String> r;
                    try {
                        r = http.send(request(target, f[0], f[1], i), HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException closed) {
                        // e.g. a body over a limit answered and the connection closed before the client finished sending
                        statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                        continue;
                    }
                    statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                    if (r.statusCode() >= 500) {
                        serverErrors.add(r.statusCode() + " " + f[0] + " " + abbreviate(f[1]) + " -> " + abbreviate(r.body()));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : sending) {
            f.get(10, TimeUnit.MINUTES);
        }
        senders.shutdown();
        long fuzzMillis = (System.nanoTime() - started) / 1_000_000;
        List<Outcome> results = new ArrayList<>();
        for (Future<Outcome> o : outcomes) {
            results.add(o.get(10, TimeUnit.MINUTES));
        }
        valid.shutdown();

        System.out.printf("FuzzIT: %d bodies sent in %d ms; valid streams done after %d ms%n", fuzz.size(), fuzzMillis,
                (System.nanoTime() - started) / 1_000_000);
        // lag back to 0, on both consumers
        java.util.concurrent.atomic.AtomicReference<String> lastLag = new java.util.concurrent.atomic.AtomicReference<>("");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.get().bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .alias("lag back to 0")
                    .until(() -> {
                        // The consumers' groups are their listener ids (spring-kafka's idIsGroup), not the
                        // services' spring.kafka.consumer.group-id.
                        Map<TopicPartition, Long> ledger = lag(admin, "ledger-raw-notifications", Topics.RAW_NOTIFICATIONS);
                        Map<TopicPartition, Long> projection = lag(admin, "ledger-events", Topics.LEDGER_EVENTS);
                        lastLag.set("ledger " + ledger + ", projection " + projection);
                        return ledger.values().stream().allMatch(l -> l == 0) && projection.values().stream().allMatch(l -> l == 0);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("lag did not return to 0 (seed " + seed + "): " + lastLag.get(), e);
        }
        long totalMillis = (System.nanoTime() - started) / 1_000_000;

        long ledgerParked = assertEveryParkedRecordIsListed(http, target.ledger(), "e2e_ledger", target.analystToken());
        long projectionParked = assertEveryParkedRecordIsListed(http, target.projection(), "e2e_projection", target.analystToken());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(target.ledger().resolve("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        System.out.printf("FuzzIT: seed %d: %d bodies in %d ms (%d valid streams; lag 0 after %d ms); answers %s (-1: connection closed); "
                        + "parked: ledger %d, projection %d%n", seed, fuzz.size(), fuzzMillis, results.size(), totalMillis,
                new java.util.TreeMap<>(statuses.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))),
                ledgerParked, projectionParked);
        assertThat(serverErrors).as("5xx answers (seed %d)", seed).isEmpty();
        for (Outcome o : results) {
            assertThat(o.passed()).as("valid stream %s (seed %d): %s", o.scenario(), seed, o.detail()).isTrue();
        }
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
    }

    private static Map<TopicPartition, Long> lag(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Set<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
        var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> lag = new java.util.TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        for (TopicPartition p : partitions) {
            OffsetAndMetadata c = committed.get(p);
            lag.put(p, ends.get(p).offset() - (c == null ? 0 : c.offset()));
        }
        return lag;
    }

    /** Every row of the service's parked_record table appears in the analyst listing; returns how many. */
    private static long assertEveryParkedRecordIsListed(HttpClient http, URI service, String database, String token) throws Exception {
        Set<Long> stored = new HashSet<>();
        SharedInfra infra = SharedInfra.get();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(database), infra.username(), infra.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM parked_record")) {
            while (rs.next()) {
                stored.add(rs.getLong(1));
            }
        }
        Set<Long> listed = new HashSet<>();
        for (int page = 0; ; page++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(service.resolve("/api/v1/analyst/parked?size=500&page=" + page))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode records = JSON.readTree(r.body()).path("records");
            records.forEach(n -> {
                listed.add(n.path("id").asLong());
                assertThat(n.path("reason").asText()).isNotBlank();
            });
            if (records.size() < 500) {
                break;
            }
        }
        assertThat(listed).as("parked records of %s", service).containsAll(stored);
        return stored.size();
    }

    private static HttpRequest request(Target target, String kind, String body, int i) {
        URI uri = switch (kind) {
            case "notification" -> target.ingest().resolve("/webhooks/paycaddy/notifications");
            case "registerWallet" -> target.ledger().resolve("/api/v1/wallets/" + pathId(body, "walletId", i));
            case "registerCard" -> target.ledger().resolve("/api/v1/cards/" + pathId(body, "cardId", i));
            case "payIn" -> target.ledger().resolve("/api/v1/pay-ins");
            case "payOut" -> target.ledger().resolve("/api/v1/pay-outs");
            default -> target.ledger().resolve("/api/v1/transfers");
        };
        String method = kind.startsWith("register") ? "PUT" : "POST";
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!kind.equals("notification")) {
            b.header("Authorization", "Bearer " + target.token());
        }
        return b.build();
    }

    /** The id the body names for the path (percent-encoded), or a made-up one when the body has none. */
    private static String pathId(String body, String field, int i) {
        String id = "fz-path-" + i;
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.path(field).isTextual()) {
                id = n.get(field).asText();
            }
        } catch (Exception unreadable) {
            // keep the made-up one
        }
        return java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Every step of the valid scenarios as a template, its ids moved to the fuzz's own namespace. */
    private static List<Template> templates(List<ObjectNode> scenarios, String prefix) {
        List<Template> templates = new ArrayList<>();
        for (ObjectNode scenario : scenarios) {
            for (JsonNode step : scenario.path("steps")) {
                for (Iterator<String> it = step.fieldNames(); it.hasNext(); ) {
                    String kind = it.next();
                    if (step.get(kind) instanceof ObjectNode body && Set.of("notification", "registerWallet", "registerCard",
                            "payIn", "payOut", "transfer").contains(kind)) {
                        ObjectNode copy = body.deepCopy();
                        ID_FIELDS.forEach(f -> {
                            if (copy.path(f).isTextual()) {
                                copy.put(f, prefix + copy.get(f).asText());
                            }
                        });
                        templates.add(new Template(kind, copy));
                    }
                }
            }
        }
        return templates;
    }

    /** One to three mutations of the template; a notification carries the webhook password nine times in ten. */
    private static String mutate(Template t, Random random) {
        ObjectNode body = t.body().deepCopy();
        if (t.kind().equals("notification") && random.nextInt(10) != 0) {
            body.put("password", "local-webhook-password");
        }
        int mutations = 1 + random.nextInt(3);
        String text = null;
        for (int m = 0; m < mutations; m++) {
            int what = random.nextInt(100);
            if (what < 18) {
                typeConfusion(body, random);
            } else if (what < 30) {
                hugeNumber(body, random);
            } else if (what < 40) {
                deepNesting(body, random);
            } else if (what < 58) {
                oddText(body, random);
            } else if (what < 66) {
                longText(body, random);
            } else if (what < 76) {
                String f = field(body, random);
                if (f != null && !f.equals("password")) {
                    body.remove(f);
                }
            } else if (what < 84) {
                text = duplicated(body, random);
            } else if (what < 90) {
                String whole = body.toString();
                text = whole.substring(0, random.nextInt(Math.max(1, whole.length())));
            } else if (what < 91) {
                // deeper than any writer of ours would go: as text
                int depth = 1_000 + random.nextInt(20_000);
                text = "{\"c1Tipo\":\"PeticionAutorizacion\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            } else if (what < 93) {
                byte[] garbage = new byte[random.nextInt(300)];
                random.nextBytes(garbage);
                text = new String(garbage, StandardCharsets.ISO_8859_1);
            } else {
                // left valid apart from the other mutations: the happy path in the fuzz's own namespace
                continue;
            }
        }
        return text != null ? text : body.toString();
    }

    private static String field(ObjectNode body, Random random) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? null : names.get(random.nextInt(names.size()));
    }

    private static void typeConfusion(ObjectNode body, Random random) {
        String f = field(body, random);
        if (f == null) {
            return;
        }
        switch (random.nextInt(9)) {
            case 0 -> body.put(f, random.nextInt());
            case 1 -> body.put(f, random.nextBoolean());
            case 2 -> body.putNull(f);
            case 3 -> body.putArray(f).add(body.get(f) == null ? NODES.nullNode() : NODES.textNode("x"));
            case 4 -> body.putObject(f).put("value", "x");
            case 5 -> body.put(f, random.nextDouble() * 1e6);
            case 6 -> body.put(f, String.valueOf(random.nextLong()));
            case 7 -> body.put(f, -1 - random.nextInt(1000));
            default -> body.put(f, "");
        }
    }

    private static void hugeNumber(ObjectNode body, Random random) {
        String f = random.nextBoolean() && body.has("amount") ? "amount"
                : random.nextBoolean() && body.has("c4ImporteTransaccion") ? "c4ImporteTransaccion" : field(body, random);
        if (f == null) {
            return;
        }
        switch (random.nextInt(7)) {
            case 0 -> body.put(f, Long.MAX_VALUE);
            case 1 -> body.put(f, new java.math.BigInteger("9".repeat(20 + random.nextInt(400))));
            case 2 -> body.put(f, new java.math.BigDecimal("1e" + (300 + random.nextInt(700))));
            case 3 -> body.put(f, "9".repeat(13 + random.nextInt(30)));
            case 4 -> body.put(f, Long.MIN_VALUE);
            case 5 -> body.put(f, 1_000_000_000_000_000L + random.nextInt(2));
            default -> body.put(f, String.format("%012d", Math.abs(random.nextLong()) % 1_000_000_000_000L));
        }
    }

    private static void deepNesting(ObjectNode body, Random random) {
        String f = random.nextBoolean() ? "nested" + random.nextInt(3) : field(body, random);
        if (f == null) {
            return;
        }
        int[] depths = {5, 30, 33, 63, 65, 200, 900};
        int depth = depths[random.nextInt(depths.length)];
        JsonNode inner = NODES.textNode("deep");
        for (int d = 0; d < depth; d++) {
            if (random.nextBoolean()) {
                ArrayNode a = NODES.arrayNode();
                a.add(inner);
                inner = a;
            } else {
                ObjectNode o = NODES.objectNode();
                o.set("d", inner);
                inner = o;
            }
        }
        body.set(f, inner);
    }

    private static void oddText(ObjectNode body, Random random) {
        String f = field(body, random);
        if (f == null) {
            return;
        }
        String base = body.path(f).isTextual() ? body.get(f).asText() : "x";
        StringBuilder s = new StringBuilder(base);
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            s.insert(random.nextInt(s.length() + 1), ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
        }
        body.put(f, s.toString());
    }

    private static void longText(ObjectNode body, Random random) {
        String f = field(body, random);
        if (f == null) {
            return;
        }
        int[] lengths = {64, 65, 250, 256, 1_000, 100_001};
        body.put(f, "L".repeat(lengths[random.nextInt(lengths.length)]));
    }

    /** The body's text with one field written twice (the second time with another value). */
    private static String duplicated(ObjectNode body, Random random) {
        String f = field(body, random);
        String whole = body.toString();
        if (f == null || whole.length() < 2) {
            return whole;
        }
        return whole.substring(0, whole.length() - 1) + ",\"" + f + "\":" + (random.nextBoolean() ? "\"dup\"" : "1") + "}";
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 300 ? clean.substring(0, 300) + "…" : clean;
    }
}
