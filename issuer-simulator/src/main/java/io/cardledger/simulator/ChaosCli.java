package io.cardledger.simulator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./ledger chaos}: the fault campaign against a stack the {@code ledger} script started for it
 * (each part its own process, pids under {@code DATA/run/pids}). While the simulator offers a fixed
 * rate, one fault every {@code --fault-every} in rotation: kill -9 and restart of each service,
 * SIGSTOP/SIGCONT of each for 5 s, kill -9 and restart of the broker, immediate shutdown and restart
 * of PostgreSQL. Then a duplicate storm (every webhook three times, some held back up to
 * {@code --storm-delay-max}). Passes when no acknowledged notification is lost or applied twice
 * and every wallet equals the reference model.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The fault campaign; run it through ./ledger chaos, which starts and stops the stack.")
public final class ChaosCli implements Callable<Integer> {

    enum Fault {
        // Each service is stopped before it is killed: while a part is still restarting the rotation waits for it,
        // and on a slow machine a killed service may take longer than a whole round to come back.
        STOP_INGEST("SIGSTOP 5 s webhook-ingest", "webhook-ingest", "stop-ingest"),
        STOP_LEDGER("SIGSTOP 5 s ledger-service", "ledger-service", "stop-ledger"),
        STOP_PROJECTION("SIGSTOP 5 s projection-service", "projection-service", "stop-projection"),
        KILL_KAFKA("kill -9 kafka + restart", "kafka", "kill-kafka"),
        PG_IMMEDIATE("PostgreSQL immediate shutdown + restart", "postgres", "postgres-immediate"),
        KILL_INGEST("kill -9 webhook-ingest + restart", "webhook-ingest", "kill-ingest"),
        KILL_LEDGER("kill -9 ledger-service + restart", "ledger-service", "kill-ledger"),
        KILL_PROJECTION("kill -9 projection-service + restart", "projection-service", "kill-projection");

        final String label;
        final String part;
        /** The name {@code --faults} takes. */
        final String option;

        Fault(String label, String part, String option) {
            this.label = label;
            this.part = part;
            this.option = option;
        }

        static Fault byOption(String option) {
            for (Fault f : values()) {
                if (f.option.equals(option)) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("unknown fault '" + option + "'; one of "
                    + String.join(", ", java.util.Arrays.stream(values()).map(f -> f.option).toList()));
        }
    }

    /**
     * One injected fault: when, and when its part was back (restarted and ready, or SIGCONT sent; -1 if never):
     * the recovery is the part's coming back plus what the stack then needs to be fresh again.
     */
    static final class Injected {
        private final Fault fault;
        private final long atNanos;
        private volatile long backNanos = -1;

        Injected(Fault fault, long atNanos) {
            this.fault = fault;
            this.atNanos = atNanos;
        }

        Fault fault() {
            return fault;
        }

        long atNanos() {
            return atNanos;
        }

        long backNanos() {
            return backNanos;
        }
    }

    @Option(names = "--ledger-script", required = true, description = "the ledger script (restarts parts)")
    Path ledgerScript;
    @Option(names = "--data-dir", required = true, description = "the stack's data directory")
    Path dataDir;
    @Option(names = "--ingest", required = true)
    URI ingest;
    @Option(names = "--ledger", required = true)
    URI ledger;
    @Option(names = "--projection", required = true)
    URI projection;
    @Option(names = "--password", defaultValue = "local-webhook-password")
    String password;
    @Option(names = "--token", defaultValue = "local-service-token")
    String token;

    @Option(names = "--duration", defaultValue = "120", description = "seconds of traffic under faults (${DEFAULT-VALUE})")
    int durationS;
    @Option(names = "--rate", defaultValue = "200", description = "offered webhooks per second, open loop (${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--cards", defaultValue = "200", description = "cards (${DEFAULT-VALUE})")
    int cards;
    @Option(names = "--fault-every", defaultValue = "10s", converter = SimulatorCli.DurationConverter.class,
            description = "one fault this often (${DEFAULT-VALUE})")
    Duration faultEvery;
    @Option(names = "--stop-for", defaultValue = "5s", converter = SimulatorCli.DurationConverter.class,
            description = "how long SIGSTOP lasts (${DEFAULT-VALUE})")
    Duration stopFor;
    @Option(names = "--storm-notifications", description = "notifications of the duplicate storm (default: 10 s worth at --rate)")
    Integer stormNotifications;
    @Option(names = "--storm-delay-max", defaultValue = "60s", converter = SimulatorCli.DurationConverter.class,
            description = "longest hold-back in the storm (${DEFAULT-VALUE})")
    Duration stormDelayMax;
    @Option(names = "--seed", description = "random seed (default: from the clock, printed first)")
    Long seed;
    @Option(names = "--settle", defaultValue = "5m", converter = SimulatorCli.DurationConverter.class,
            description = "how long the wallets may take to match after the traffic (${DEFAULT-VALUE})")
    Duration settle;
    @Option(names = "--faults", split = ",", converter = FaultConverter.class,
            description = "the rotation, in this order (default: all, stop-ingest,stop-ledger,stop-projection,kill-kafka,"
                    + "postgres-immediate,kill-ingest,kill-ledger,kill-projection); e.g. --faults kill-ledger to measure one kind alone")
    List<Fault> rotation = List.of(Fault.values());

    static final class FaultConverter implements CommandLine.ITypeConverter<Fault> {
        @Override
        public Fault convert(String value) {
            return Fault.byOption(value.trim());
        }
    }

    private final Set<String> restarting = ConcurrentHashMap.newKeySet();
    private final List<Thread> restarts = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        long s = seed != null ? seed : System.nanoTime() ^ System.currentTimeMillis();
        String runId = "chaos" + Long.toString(Math.abs(s % 1_000_000), 36) + Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);
        int n = (int) Math.round(rate * durationS);
        int storm = stormNotifications != null ? stormNotifications : (int) Math.round(rate * 10);
        System.out.printf("chaos: seed %d, %d cards, %d webhooks at %.0f/s under faults (one every %d s), then a storm of %d x3 "
                + "(10%% held back up to %d s)%n", s, cards, n, rate, faultEvery.toSeconds(), storm, stormDelayMax.toSeconds());
        Stack stack = new Stack(ingest, ledger, projection, password, token, 64);
        TrafficGenerator.Plan faults = TrafficGenerator.generate(new TrafficGenerator.Settings(s, runId, cards, n, 0, 0, 0,
                5_000_000, TrafficGenerator.Mix.DEFAULT));
        Simulator.Options opts = new Simulator.Options(rate, 128, settle.toMillis() + 600_000, settle.toMillis(), 50, 1, true);
        Simulator sim = new Simulator(stack, faults, opts, System.err);
        // The storm's cards are registered and funded at the same time as the first phase's, while nothing is broken.
        TrafficGenerator.Plan stormPlan = TrafficGenerator.generate(new TrafficGenerator.Settings(s + 1, runId + "s", cards, storm,
                2.0, 0.1, stormDelayMax.toMillis(), 5_000_000, TrafficGenerator.Mix.DEFAULT));
        Simulator stormSim = new Simulator(stack, stormPlan, new Simulator.Options(rate, 64, opts.giveUpMs(), opts.settleMs(), 50, 1, true),
                System.err);
        Thread stormSetup = new Thread(() -> {
            try {
                stormSim.prepare();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "chaos-storm-setup");
        stormSetup.start();
        Simulator.Result[] first = new Simulator.Result[1];
        Thread traffic = new Thread(() -> {
            try {
                first[0] = sim.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "chaos-traffic");
        traffic.start();
        while (!sim.trafficStarted() && traffic.isAlive()) {
            Thread.sleep(100);
        }
        List<Injected> injected = inject(sim);
        System.out.println("chaos: faults over; waiting for the traffic to be acknowledged and the restarts to finish");
        for (Thread r : restarts) {
            r.join();
        }
        while (!sim.trafficDone() && traffic.isAlive()) {
            Thread.sleep(100);
        }
        // The duplicate storm follows the faults at once, while the first phase's backlog drains and its
        // wallets are verified (it has cards of its own): the issuer does not wait for the ledger to settle.
        System.out.println("chaos: duplicate storm");
        stormSetup.join();
        Simulator.Result r2 = stormSim.run();
        traffic.join();
        Simulator.Result r1 = first[0];
        System.out.println("chaos: under faults: " + r1.summary());
        System.out.printf("chaos: under faults: audit of %d notifications: lost %d, applied twice %d%n", r1.audit().notifications(),
                r1.audit().lost(), r1.audit().appliedTwice());
        System.out.println("chaos: storm: " + r2.summary());
        System.out.printf("chaos: storm: audit of %d notifications: lost %d, applied twice %d%n", r2.audit().notifications(),
                r2.audit().lost(), r2.audit().appliedTwice());

        // Recovery: from the fault until the first probe sent after it shows in its balance within a second.
        List<Simulator.ProbeSample> samples = sim.samples();
        Map<Fault, List<Double>> recoveries = new LinkedHashMap<>();
        double worst = 0;
        double unrecoveredFor = -1;
        for (Injected f : injected) {
            double rec = recoverySeconds(samples, f.atNanos());
            recoveries.computeIfAbsent(f.fault(), k -> new ArrayList<>()).add(rec);
            if (Double.isNaN(rec)) {
                // Not back within the measurement: at least until the last probe.
                long last = samples.stream().mapToLong(p -> p.dueNanos() + p.latencyNanos()).max().orElse(f.atNanos());
                unrecoveredFor = Math.max(unrecoveredFor, (last - f.atNanos()) / 1e9);
            } else {
                worst = Math.max(worst, rec);
            }
        }
        System.out.println();
        System.out.println("| fault | injected | part back after (each, s) | recovery to freshness < 1 s (each, s) |");
        System.out.println("|---|---:|---|---|");
        for (Map.Entry<Fault, List<Double>> e : recoveries.entrySet()) {
            List<String> back = injected.stream().filter(f -> f.fault() == e.getKey())
                    .map(f -> f.backNanos() < 0 ? "?" : String.format("%.1f", (f.backNanos() - f.atNanos()) / 1e9)).toList();
            System.out.printf("| %s | %d | %s | %s |%n", label(e.getKey()), e.getValue().size(), String.join(", ", back),
                    String.join(", ", e.getValue().stream().map(v -> Double.isNaN(v) ? "not measured (no fresh probe after it)" : String.format("%.1f", v)).toList()));
        }
        System.out.println();
        List<String> problems = new ArrayList<>();
        for (Simulator.Result r : List.of(r1, r2)) {
            r.differences().stream().limit(10).forEach(d -> problems.add("DIFFERENT " + d));
            if (r.audit() != null) {
                r.audit().details().stream().limit(10).forEach(d -> problems.add("AUDIT " + d));
            }
            if (r.unacked() > 0) {
                problems.add("UNACKNOWLEDGED " + r.unacked());
            }
        }
        problems.forEach(System.out::println);
        int lost = r1.audit().lost() + r2.audit().lost();
        int twice = r1.audit().appliedTwice() + r2.audit().appliedTwice();
        int exact = r1.walletsExact() + r2.walletsExact();
        int wallets = r1.wallets() + r2.wallets();
        boolean pass = lost == 0 && twice == 0 && exact == wallets && r1.unacked() + r2.unacked() == 0
                && recoveries.keySet().containsAll(rotation);
        System.out.printf("reproduce: ./ledger chaos --seed %d --duration %d --rate %.0f --cards %d --fault-every %ds --stop-for %ds "
                        + "--storm-notifications %d --storm-delay-max %ds --faults %s; %s%n", s, durationS, rate, cards, faultEvery.toSeconds(),
                stopFor.toSeconds(), storm, stormDelayMax.toSeconds(), String.join(",", rotation.stream().map(f -> f.option).toList()),
                pass ? "PASS" : "FAIL");
        System.out.printf("faults %d; lost %d; applied twice %d; wallets exact %d/%d; worst recovery %s s%n", injected.size(), lost,
                twice, exact, wallets, unrecoveredFor >= 0 ? String.format(">%.1f", Math.max(worst, unrecoveredFor)) : String.format("%.1f", worst));
        return pass ? 0 : 1;
    }

    /** The fault's name as printed, with the SIGSTOP's actual length (--stop-for). */
    String label(Fault fault) {
        return fault.label.replace("SIGSTOP 5 s", "SIGSTOP " + stopFor.toSeconds() + " s");
    }

    /**
     * Seconds from a fault until freshness is back under a second: until the first probe sent at or after
     * the fault showed in its wallet's balance less than a second after it was sent. NaN when none did.
     */
    static double recoverySeconds(List<Simulator.ProbeSample> samples, long faultAtNanos) {
        return samples.stream().filter(p -> p.dueNanos() >= faultAtNanos && p.latencyNanos() < 1_000_000_000L)
                .mapToDouble(p -> (p.dueNanos() + p.latencyNanos() - faultAtNanos) / 1e9).min().orElse(Double.NaN);
    }

    private List<Injected> inject(Simulator sim) throws InterruptedException {
        List<Injected> injected = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + durationS * 1_000_000_000L;
        int next = 0;
        for (long at = start + faultEvery.toNanos(); at < end && !sim.trafficDone(); at += faultEvery.toNanos()) {
            long wait = at - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            // The next fault in rotation; while its part is still coming back from an earlier fault, none this
            // round: the rotation waits for it rather than hitting the broker and the database again in its place
            // (a service restarting on a busy machine took 100 s, and a database shut down during a service's
            // start fails that start).
            Fault fault = rotation.get(next);
            if (restarting.contains(fault.part)) {
                System.out.printf("chaos: %5.1f s  %s still restarting; no fault this round%n", (System.nanoTime() - start) / 1e9, fault.part);
                continue;
            }
            next = (next + 1) % rotation.size();
            long t = System.nanoTime();
            System.out.printf("chaos: %5.1f s  %s%n", (t - start) / 1e9, label(fault));
            try {
                Injected i = new Injected(fault, t);
                inject(i);
                injected.add(i);
            } catch (IOException e) {
                System.out.println("chaos: could not inject " + label(fault) + ": " + e.getMessage());
            }
        }
        return injected;
    }

    private void inject(Injected injected) throws IOException, InterruptedException {
        Fault fault = injected.fault();
        switch (fault) {
            case KILL_INGEST, KILL_LEDGER, KILL_PROJECTION, KILL_KAFKA -> {
                signal("KILL", pid(fault.part));
                restart(injected);
            }
            case STOP_INGEST, STOP_LEDGER, STOP_PROJECTION -> {
                String pid = pid(fault.part);
                signal("STOP", pid);
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(stopFor.toMillis());
                        signal("CONT", pid);
                        injected.backNanos = System.nanoTime();
                    } catch (IOException | InterruptedException e) {
                        System.out.println("chaos: SIGCONT failed: " + e);
                    }
                }, "chaos-cont");
                t.start();
                restarts.add(t);
            }
            case PG_IMMEDIATE -> {
                postgresImmediateShutdown();
                restart(injected);
            }
        }
    }

    /**
     * PostgreSQL's immediate shutdown: SIGQUIT to the postmaster, which is what {@code pg_ctl stop -m immediate}
     * sends (pg_ctl itself refuses to run as root, and dev-stack's PostgreSQL runs as whoever started it).
     * The server stops at once without a checkpoint and recovers from its WAL at the next start.
     */
    private void postgresImmediateShutdown() throws IOException, InterruptedException {
        String postmaster = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim();
        signal("QUIT", postmaster);
    }

    private void restart(Injected injected) {
        String part = injected.fault().part;
        restarting.add(part);
        Thread t = new Thread(() -> {
            try {
                // Appended by every restart (several run at once): never truncated by a later one.
                Process p = new ProcessBuilder(ledgerScript.toString(), "restart", part).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("logs").resolve("chaos-restarts.log").toFile()))
                        .start();
                int rc = p.waitFor();
                if (rc == 0) {
                    injected.backNanos = System.nanoTime();
                }
                System.out.printf("chaos: %s restarted%s%n", part, rc == 0
                        ? String.format(" (%.1f s after the fault)", (injected.backNanos() - injected.atNanos()) / 1e9)
                        : " with exit code " + rc + " (see logs/chaos-restarts.log)");
            } catch (IOException | InterruptedException e) {
                System.out.println("chaos: restart of " + part + " failed: " + e);
            } finally {
                restarting.remove(part);
            }
        }, "chaos-restart-" + part);
        t.start();
        restarts.add(t);
    }

    private String pid(String part) throws IOException {
        return Files.readString(dataDir.resolve("run").resolve("pids").resolve(part + ".pid")).trim();
    }

    private static void signal(String sig, String pid) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + sig, pid).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + sig + " " + pid + " exited with " + rc);
        }
    }
}
