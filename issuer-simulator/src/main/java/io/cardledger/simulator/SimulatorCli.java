package io.cardledger.simulator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./ledger simulate}: the issuer simulator against a running stack. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plays the issuer against a running stack: registers cards and wallets with funds, sends a day of",
                "webhooks (authorization lives, multiclearing, expiry, MoneySend, refunds, declines, unknown types) with",
                "redeliveries and late deliveries, retries everything not answered 200, and checks every wallet against the reference",
                "model. Exits 1 when a wallet differs or a webhook was never acknowledged."})
public final class SimulatorCli implements Callable<Integer> {

    @Option(names = "--ingest", defaultValue = "http://127.0.0.1:8080", description = "webhook-ingest URL (${DEFAULT-VALUE})")
    URI ingest;
    @Option(names = "--ledger", defaultValue = "http://127.0.0.1:8081", description = "ledger-service URL (${DEFAULT-VALUE})")
    URI ledger;
    @Option(names = "--projection", defaultValue = "http://127.0.0.1:8082", description = "projection-service URL (${DEFAULT-VALUE})")
    URI projection;
    @Option(names = "--password", defaultValue = "local-webhook-password", description = "webhook password (in the body)")
    String password;
    @Option(names = "--token", defaultValue = "local-service-token", description = "service bearer token")
    String token;

    @Option(names = "--cards", defaultValue = "100", description = "cards, one wallet each (${DEFAULT-VALUE})")
    int cards;
    @Option(names = "--notifications", description = "notifications to send, redeliveries not counted (default: --days worth)")
    Integer notifications;
    @Option(names = "--days", defaultValue = "1", description = "days of traffic when --notifications is not given: 20 notifications per card per day")
    int days;
    @Option(names = "--seed", description = "random seed (default: from the clock, printed first)")
    Long seed;
    @Option(names = "--run-id", description = "prefix of every id (default: derived from the seed and the clock)")
    String runId;
    @Option(names = "--funds", defaultValue = "5000000", description = "each wallet's pay-in before the traffic, minor units (${DEFAULT-VALUE})")
    long funds;

    @Option(names = "--mix", split = ",", defaultValue = "lives=68,multiclearing=8,expiry=4,moneysend=6,refunds=5,declines=6,unknown=3",
            description = "relative weights of the families (${DEFAULT-VALUE}); lives: authorization -> advice or "
                    + "reversal -> confirmation or correction; multiclearing: parts and a closing part; expiry: a settlement "
                    + "flagged isExpiration")
    java.util.Map<String, Integer> mix;
    @Option(names = "--duplicates", defaultValue = "0", description = "share of notifications delivered twice (0..1)")
    double duplicates;
    @Option(names = "--reorder", defaultValue = "0", description = "share of notifications held back so later ones overtake them (0..1)")
    double reorder;
    @Option(names = "--delay-max", defaultValue = "5s", converter = DurationConverter.class,
            description = "longest hold-back of a late delivery or a redelivery (${DEFAULT-VALUE})")
    Duration delayMax;

    @Option(names = "--rate", defaultValue = "0", description = "offered notifications per second, open loop (0: as fast as the stack takes them)")
    double rate;
    @Option(names = "--concurrency", defaultValue = "64", description = "connections/sending threads (${DEFAULT-VALUE})")
    int concurrency;
    @Option(names = "--give-up", defaultValue = "5m", converter = DurationConverter.class,
            description = "stop retrying one webhook after this long (${DEFAULT-VALUE})")
    Duration giveUp;
    @Option(names = "--settle", defaultValue = "3m", converter = DurationConverter.class,
            description = "how long the wallets may take to reach the model's balances after the last webhook (${DEFAULT-VALUE})")
    Duration settle;
    @Option(names = "--probe-interval", defaultValue = "50ms", converter = DurationConverter.class,
            description = "one webhook-to-balance probe per probe card this often (${DEFAULT-VALUE})")
    Duration probeInterval;
    @Option(names = "--probe-cards", defaultValue = "1", description = "cards that carry only probes (${DEFAULT-VALUE})")
    int probeCards;
    @Option(names = "--no-audit", negatable = false, description = "skip counting each acknowledged notification's transaction lines")
    boolean noAudit;

    static final java.util.List<String> FAMILIES = java.util.List.of("lives", "multiclearing", "expiry", "moneysend", "refunds",
            "declines", "unknown");

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("chaos")) {
            System.exit(new CommandLine(new ChaosCli()).execute(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        CommandLine cl = new CommandLine(new SimulatorCli());
        System.exit(cl.execute(args));
    }

    TrafficGenerator.Settings settings() {
        long s = seed != null ? seed : System.nanoTime() ^ System.currentTimeMillis();
        String id = runId != null ? runId : "sim" + Long.toString(Math.abs(s % 1_000_000), 36)
                + Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);
        int n = notifications != null ? notifications : cards * days * 20;
        TrafficGenerator.Mix m = new TrafficGenerator.Mix(w("lives"), w("multiclearing"), w("expiry"), w("moneysend"), w("refunds"),
                w("declines"), w("unknown"));
        return new TrafficGenerator.Settings(s, id, cards, n, duplicates, reorder, delayMax.toMillis(), funds, m);
    }

    private int w(String family) {
        for (String k : mix.keySet()) {
            if (!FAMILIES.contains(k.toLowerCase(Locale.ROOT))) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--mix: unknown family " + k + " " + FAMILIES);
            }
        }
        return mix.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(family)).mapToInt(java.util.Map.Entry::getValue)
                .findFirst().orElse(0);
    }

    @Override
    public Integer call() throws Exception {
        TrafficGenerator.Settings s = settings();
        System.out.printf("simulate: seed %d, run id %s, %d cards, %d notifications, duplicates %.2f, reorder %.2f, "
                        + "delay-max %d ms, %s%n", s.seed(), s.runId(), s.cards(), s.notifications(), s.duplicates(), s.reorder(),
                s.delayMaxMs(), rate > 0 ? String.format("%.0f/s offered (open loop)", rate) : "as fast as the stack takes it");
        TrafficGenerator.Plan plan = TrafficGenerator.generate(s);
        Stack stack = new Stack(ingest, ledger, projection, password, token, concurrency);
        Simulator sim = new Simulator(stack, plan, options(), System.err);
        Simulator.Result r = sim.run();
        r.differences().stream().limit(20).forEach(d -> System.out.println("DIFFERENT " + d));
        if (r.audit() != null) {
            r.audit().details().stream().limit(20).forEach(d -> System.out.println("AUDIT " + d));
            System.out.printf("audit: %d acknowledged notifications, lost %d, applied twice %d%n", r.audit().notifications(),
                    r.audit().lost(), r.audit().appliedTwice());
        }
        if (r.unacked() > 0) {
            System.out.println("UNACKNOWLEDGED " + r.unacked() + " webhooks after retrying for " + giveUp.toSeconds() + " s");
        }
        System.out.printf("took %.1f s (%,.0f webhooks/s); reproduce with --seed %d --run-id <new id> and the same options%n",
                r.elapsedS(), r.sent() / Math.max(0.001, r.elapsedS()), s.seed());
        System.out.println(r.summary());
        return r.passed() ? 0 : 1;
    }

    Simulator.Options options() {
        return new Simulator.Options(rate, concurrency, giveUp.toMillis(), settle.toMillis(), probeInterval.toMillis(), probeCards, !noAudit);
    }

    /** 500ms, 5s, 2m, or ISO-8601 (PT5S). */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            String t = v.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (t.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new CommandLine.TypeConversionException("not a duration: " + v + " (500ms, 5s, 2m, 1h)");
            };
        }
    }
}
