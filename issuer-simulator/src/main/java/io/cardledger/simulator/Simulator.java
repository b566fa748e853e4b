package io.cardledger.simulator;

import io.cardledger.events.notification.NotificationIds;
import io.cardledger.testing.model.Note;
import io.cardledger.testing.model.Story;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays one {@link TrafficGenerator.Plan} against a running stack, as the issuer would: sets up the
 * cards and wallets, sends every delivery at its time (open loop at a fixed rate, or as fast as the
 * stack takes them), retries whatever is not answered 200 with a growing back-off, measures
 * webhook-to-balance with probe notifications on cards of their own, and in the end compares every
 * wallet in projection-service with the reference model.
 */
public final class Simulator {

    /** How the plan is offered. */
    public record Options(double ratePerSecond, int concurrency, long giveUpMs, long settleMs, long probeIntervalMs,
                          int probeCards, boolean audit) {
    }

    public record Result(int sent, int acked, long retried, int duplicates, int walletsExact, int wallets,
                         long p50Ms, long p99Ms, int probes, List<String> differences, int unacked, double elapsedS,
                         Map<String, long[]> expected, Audit audit) {
        public boolean passed() {
            return unacked == 0 && walletsExact == wallets && (audit == null || audit.passed());
        }

        public String summary() {
            return String.format("sent %d, acked %d, retried %d, duplicates %d; wallets exact %d/%d; "
                            + "webhook-to-balance p50 %s ms/p99 %s ms", sent, acked, retried, duplicates, walletsExact, wallets,
                    probes == 0 ? "n/a" : Long.toString(p50Ms), probes == 0 ? "n/a" : Long.toString(p99Ms));
        }
    }

    /**
     * Every distinct notification acknowledged to a card, looked up among its wallet's transaction lines:
     * {@code lost} were acknowledged but have no line, {@code appliedTwice} have more than one.
     */
    public record Audit(int notifications, int lost, int appliedTwice, List<String> details) {
        public boolean passed() {
            return lost == 0 && appliedTwice == 0;
        }
    }

    /** A probe's outcome: when it was due (System.nanoTime), and how long until its effect showed in its wallet's balance. */
    public record ProbeSample(long dueNanos, long latencyNanos) {
    }

    private final Stack stack;
    private final TrafficGenerator.Plan plan;
    private final Options options;
    private final PrintStream progress;
    private final boolean console;

    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong retried = new AtomicLong();
    private final List<ProbeSample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<Story>> probeStories = new ConcurrentHashMap<>();
    private final AtomicBoolean trafficDone = new AtomicBoolean();
    private volatile long trafficDoneAt;
    private volatile String phase = "setup";
    private final AtomicInteger setupDone = new AtomicInteger();
    private volatile long startNanos;

    public Simulator(Stack stack, TrafficGenerator.Plan plan, Options options, PrintStream progress) {
        this.stack = stack;
        this.plan = plan;
        this.options = options;
        this.progress = progress;
        this.console = System.console() != null;
    }

    /** Probe samples so far (the chaos campaign reads them to time recoveries). */
    public List<ProbeSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    public long startNanos() {
        return startNanos;
    }

    /** Whether every delivery of the plan has been answered (or given up on). */
    public boolean trafficDone() {
        return trafficDone.get();
    }

    /** Whether the traffic phase has begun (setup is over). */
    public boolean trafficStarted() {
        return !"setup".equals(phase);
    }

    public Result run() throws InterruptedException {
        long t0 = System.nanoTime();
        startNanos = t0;
        Thread reporter = daemon("sim-progress", this::reportLoop);
        reporter.start();
        if (!prepared) {
            setup();
        }
        phase = "traffic";
        List<Thread> probes = new ArrayList<>();
        for (int i = 0; i < options.probeCards(); i++) {
            int n = i;
            probes.add(daemon("sim-probe-" + i, () -> probeLoop(n)));
        }
        probes.forEach(Thread::start);
        sendAll();
        trafficDoneAt = System.nanoTime();
        trafficDone.set(true);
        for (Thread p : probes) {
            p.join(options.settleMs());
        }
        phase = "verify";
        Map<String, long[]> expected = new LinkedHashMap<>(plan.expectedBalances());
        for (int i = 0; i < options.probeCards(); i++) {
            long[] b = new TrafficGenerator.CardPlan(probeCard(i), probeWallet(i), null,
                    probeStories.getOrDefault(probeWallet(i), List.of())).expectedBalance(plan.settings().fundsMinor());
            expected.put(probeWallet(i), b);
        }
        List<String> differences = verify(expected);
        Audit audit = options.audit() ? audit() : null;
        reporter.interrupt();
        reporter.join(2000);
        if (console) {
            progress.print("\r" + " ".repeat(100) + "\r");
        }
        long[] lat = samples().stream().mapToLong(ProbeSample::latencyNanos).sorted().toArray();
        return new Result(sent.get(), acked.get(), retried.get(), plan.duplicateCount(),
                expected.size() - differences.size(), expected.size(), percentileMs(lat, 0.50), percentileMs(lat, 0.99),
                lat.length, differences, failed.get(), (System.nanoTime() - t0) / 1e9, expected, audit);
    }

    static long percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sortedNanos.length) - 1;
        return Math.round(sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6);
    }

    private String probeCard(int i) {
        return plan.settings().runId() + "-probe" + i;
    }

    private String probeWallet(int i) {
        return plan.settings().runId() + "-probew" + i;
    }

    // ---- setup ----------------------------------------------------------------------------------

    private volatile boolean prepared;

    /**
     * Registers the cards and wallets and funds them now, so that {@link #run()} starts with the traffic
     * (the campaign prepares its storm's cards while the stack is still healthy, before the faults).
     */
    public void prepare() throws InterruptedException {
        setup();
        prepared = true;
    }

    private void setup() throws InterruptedException {
        List<String[]> cards = new ArrayList<>();
        plan.cards().forEach(c -> cards.add(new String[]{c.cardId(), c.walletId(), c.userId()}));
        for (int i = 0; i < options.probeCards(); i++) {
            cards.add(new String[]{probeCard(i), probeWallet(i), plan.settings().runId() + "-probeu" + i});
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, options.concurrency()));
        long funds = plan.settings().fundsMinor();
        for (String[] c : cards) {
            pool.execute(() -> {
                retrying(() -> stack.registerWallet(c[1], c[2], "USD"));
                retrying(() -> stack.registerCard(c[0], c[1], c[2]));
                if (funds > 0) {
                    retrying(() -> stack.payIn(c[1] + "-funds", c[1], funds, "USD"));
                }
                setupDone.incrementAndGet();
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(options.giveUpMs() + 60_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("setup did not finish");
        }
    }

    // ---- traffic --------------------------------------------------------------------------------

    private void sendAll() throws InterruptedException {
        double rate = options.ratePerSecond();
        List<TrafficGenerator.Delivery> ds = plan.deliveries();
        long[] due = new long[ds.size()];
        Integer[] order = new Integer[ds.size()];
        for (int i = 0; i < ds.size(); i++) {
            long base = rate > 0 ? (long) (ds.get(i).seq() * 1e9 / rate) : 0;
            due[i] = base + ds.get(i).delayMs() * 1_000_000L;
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> due[i]).thenComparingInt(i -> i));
        ExecutorService workers = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "sim-sender");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        startNanos = start;
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(rate > 0 ? Integer.MAX_VALUE : options.concurrency() * 4);
        for (Integer i : order) {
            long at = start + due[i];
            long wait;
            while ((wait = at - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            TrafficGenerator.Delivery d = ds.get(i);
            String cardId = plan.cards().get(d.card()).cardId();
            workers.execute(() -> {
                try {
                    sent.incrementAndGet();
                    if (retrying(() -> stack.webhook(d.webhook().body(cardId)))) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(options.giveUpMs() + 60_000, TimeUnit.MILLISECONDS);
    }

    /** Sends until a 2xx answer (retrying anything else after a growing back-off); false when it gave up. */
    private boolean retrying(java.util.function.IntSupplier call) {
        long deadline = System.nanoTime() + options.giveUpMs() * 1_000_000L;
        Random jitter = new Random();
        for (int attempt = 0; ; attempt++) {
            int status = call.getAsInt();
            if (status >= 200 && status < 300) {
                return true;
            }
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                return false;
            }
            retried.incrementAndGet();
            long backoff = Math.min(2_000, 20L << Math.min(attempt, 7));
            LockSupport.parkNanos((backoff / 2 + jitter.nextInt((int) backoff / 2 + 1)) * 1_000_000L);
        }
    }

    // ---- probes: webhook-to-balance ---------------------------------------------------------------

    private void probeLoop(int n) {
        String card = probeCard(n);
        String wallet = probeWallet(n);
        List<Story> stories = probeStories.computeIfAbsent(wallet, w -> java.util.Collections.synchronizedList(new ArrayList<>()));
        long expectedAvailable = plan.settings().fundsMinor();
        int k = 0;
        long next = System.nanoTime();
        // Probes go on after the traffic until one shows within a second of being sent (freshness is back),
        // so that a fault late in the run still has its recovery measured; at most for the settle time.
        while (!trafficDone.get() || (!freshSince(trafficDoneAt) && System.nanoTime() - trafficDoneAt < options.settleMs() * 1_000_000L)) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long due = System.nanoTime();
            long amount = 100 + (k % 100);
            Story s = new Story(Story.Kind.MONEYSEND, amount, amount);
            Note note = s.notes(String.format("9%02d%06d", n, ++k)).get(0);
            stories.add(s);
            sent.incrementAndGet();
            if (!retrying(() -> stack.webhook(note.body(card)))) {
                failed.incrementAndGet();
                return;
            }
            acked.incrementAndGet();
            expectedAvailable += amount;
            // A probe not visible within the settle time gets no sample; probing goes on (a backlog deeper than
            // that under a long campaign must not end the measurement of the recoveries after it).
            long deadline = System.nanoTime() + options.settleMs() * 1_000_000L;
            while (System.nanoTime() <= deadline) {
                long[] b = stack.balance(wallet);
                if (b != null && b[0] >= expectedAvailable) {
                    samples.add(new ProbeSample(due, System.nanoTime() - due));
                    break;
                }
                LockSupport.parkNanos(5_000_000L);
            }
            next = due + options.probeIntervalMs() * 1_000_000L;
        }
    }

    private boolean freshSince(long nanos) {
        synchronized (samples) {
            return samples.stream().anyMatch(p -> p.dueNanos() >= nanos && p.latencyNanos() < 1_000_000_000L);
        }
    }

    // ---- verification ----------------------------------------------------------------------------

    /** Waits (up to the settle time) for every wallet to show the model's balance; the differences left. */
    private List<String> verify(Map<String, long[]> expected) {
        long deadline = System.nanoTime() + options.settleMs() * 1_000_000L;
        Map<String, long[]> pending = new LinkedHashMap<>(expected);
        Map<String, long[]> last = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            while (true) {
                List<String> ids = new ArrayList<>(pending.keySet());
                List<java.util.concurrent.Future<Boolean>> fs = new ArrayList<>();
                for (String id : ids) {
                    fs.add(pool.submit(() -> {
                        long[] got = stack.balance(id);
                        if (got != null) {
                            last.put(id, got);
                        }
                        return got != null && Arrays.equals(got, expected.get(id));
                    }));
                }
                for (int i = 0; i < ids.size(); i++) {
                    try {
                        if (fs.get(i).get()) {
                            pending.remove(ids.get(i));
                        }
                    } catch (Exception e) {
                        // counted as not yet exact
                    }
                }
                setupDone.set(expected.size() - pending.size());
                if (pending.isEmpty() || System.nanoTime() > deadline) {
                    break;
                }
                LockSupport.parkNanos(500_000_000L);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> out = new ArrayList<>();
        pending.forEach((id, want) -> {
            long[] got = last.get(id);
            out.add(id + ": expected available " + want[0] + " withheld " + want[1] + ", projection shows "
                    + (got == null ? "nothing" : "available " + got[0] + " withheld " + got[1]));
        });
        return out;
    }

    /**
     * Reads every card wallet's transaction lines. Each line of a card notification carries its
     * notification id as movement id (a parked reversal released later adds a line "ID/released"):
     * an acknowledged notification without a line is lost, a movement id on two lines was applied twice.
     */
    private Audit audit() {
        phase = "audit";
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        for (TrafficGenerator.Delivery d : plan.deliveries()) {
            TrafficGenerator.CardPlan c = plan.cards().get(d.card());
            wanted.computeIfAbsent(c.walletId(), w -> new LinkedHashMap<>())
                    .putIfAbsent(NotificationIds.of(d.webhook().body(c.cardId())), d.webhook().describe());
        }
        List<String> details = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger lost = new AtomicInteger();
        AtomicInteger twice = new AtomicInteger();
        AtomicInteger total = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (Map.Entry<String, Map<String, String>> e : wanted.entrySet()) {
            pool.execute(() -> {
                Map<String, Integer> lines = new java.util.HashMap<>();
                int page = 0;
                int pages = 1;
                while (page < pages) {
                    com.fasterxml.jackson.databind.JsonNode t = null;
                    for (int attempt = 0; t == null && attempt < 20; attempt++) {
                        t = stack.projectionGet("/api/v1/wallets/" + e.getKey() + "/transactions?size=200&includeDeclined=true&page=" + page);
                        if (t == null) {
                            LockSupport.parkNanos(500_000_000L);
                        }
                    }
                    if (t == null) {
                        details.add(e.getKey() + ": transactions not readable");
                        lost.addAndGet(e.getValue().size());
                        return;
                    }
                    pages = t.path("totalPages").asInt(1);
                    for (com.fasterxml.jackson.databind.JsonNode line : t.path("items")) {
                        if ("CARD".equals(line.path("movementType").asText())) {
                            lines.merge(line.path("movementId").asText(), 1, Integer::sum);
                        }
                    }
                    page++;
                }
                java.util.Set<String> seen = new java.util.HashSet<>();
                lines.forEach((movementId, n) -> {
                    int slash = movementId.indexOf('/');
                    seen.add(slash < 0 ? movementId : movementId.substring(0, slash));
                    if (n > 1) {
                        twice.incrementAndGet();
                        details.add(e.getKey() + ": movement " + movementId + " on " + n + " transaction lines");
                    }
                });
                e.getValue().forEach((id, what) -> {
                    total.incrementAndGet();
                    if (!seen.contains(id)) {
                        lost.incrementAndGet();
                        details.add(e.getKey() + ": acknowledged " + what + " (" + id + ") has no transaction line");
                    }
                });
            });
        }
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return new Audit(total.get(), lost.get(), twice.get(), List.copyOf(details));
    }

    // ---- progress --------------------------------------------------------------------------------

    private void reportLoop() {
        int total = plan.deliveries().size();
        int cards = plan.cards().size() + options.probeCards();
        int lastSent = 0;
        long lastT = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(console ? 1000 : 5000);
                long now = System.nanoTime();
                int s = sent.get();
                double perS = (s - lastSent) / ((now - lastT) / 1e9);
                lastSent = s;
                lastT = now;
                String line = switch (phase) {
                    case "setup" -> String.format("setup %d/%d cards", setupDone.get(), cards);
                    case "verify" -> String.format("verify: %d/%d wallets exact so far", setupDone.get(), cards);
                    case "audit" -> "audit: reading every wallet's transaction lines";
                    default -> String.format("%s %d/%d sent, %d acked, %d retried, %,.0f/s, probes %d",
                            bar((double) s / Math.max(1, total)), s, total, acked.get(), retried.get(), perS, samples.size());
                };
                if (console) {
                    progress.print("\r" + line + "   ");
                } else {
                    progress.println("[simulate] " + line);
                }
                progress.flush();
            }
        } catch (InterruptedException e) {
            // done
        }
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(Math.min(1, fraction) * 20);
        return "[" + "#".repeat(filled) + "-".repeat(20 - filled) + "]";
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
