package io.cardledger.scenarios;

import java.io.PrintStream;
import java.util.List;

/** What the runner prints: one line per scenario, then the count of passed and failed. */
public final class Report {
    private Report() {
    }

    /** {@code PASS  name  123 ms}, or {@code FAIL} with what went wrong. */
    public static void line(Outcome o, PrintStream out) {
        out.printf("%s  %-45s %5d ms%s%n", o.passed() ? "PASS" : "FAIL", o.scenario(), o.millis(),
                o.passed() ? "" : "  " + o.detail());
    }

    /** Prints the closing line and returns the number of failures. */
    public static long summary(List<Outcome> outcomes, PrintStream out) {
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        out.printf("%d passed, %d failed%n", outcomes.size() - failed, failed);
        return failed;
    }
}
