package io.cardledger.simulator;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChaosCliTest {
    private static final long S = 1_000_000_000L;

    @Test
    void recoveryEndsWithTheFirstProbeSentAfterTheFaultThatIsFreshAgain() {
        List<Simulator.ProbeSample> samples = List.of(
                new Simulator.ProbeSample(5 * S, S / 10),        // before the fault: ignored
                new Simulator.ProbeSample(10 * S, 12 * S),       // sent at the fault, seen 12 s later: stale
                new Simulator.ProbeSample(22 * S, 2 * S),        // still stale
                new Simulator.ProbeSample(24 * S, S / 5),        // fresh: seen at 24.2 s
                new Simulator.ProbeSample(25 * S, S / 10));
        assertThat(ChaosCli.recoverySeconds(samples, 10 * S)).isEqualTo(14.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void noFreshProbeAfterTheFaultIsNoRecovery() {
        List<Simulator.ProbeSample> samples = List.of(new Simulator.ProbeSample(5 * S, S / 10), new Simulator.ProbeSample(11 * S, 3 * S));
        assertThat(ChaosCli.recoverySeconds(samples, 10 * S)).isNaN();
    }

    @Test
    void theRotationStopsEachServiceBeforeItKillsItAndCoversEveryPart() {
        List<ChaosCli.Fault> order = List.of(ChaosCli.Fault.values());
        for (String service : List.of("webhook-ingest", "ledger-service", "projection-service")) {
            int stop = -1;
            int kill = -1;
            for (int i = 0; i < order.size(); i++) {
                if (order.get(i).part.equals(service)) {
                    if (order.get(i).name().startsWith("STOP")) {
                        stop = i;
                    } else {
                        kill = i;
                    }
                }
            }
            assertThat(stop).isNotNegative().isLessThan(kill);
        }
        assertThat(order.stream().map(f -> f.part).distinct())
                .containsExactlyInAnyOrder("webhook-ingest", "ledger-service", "projection-service", "kafka", "postgres");
    }

    @Test
    void faultsNamesARotationOfSomeKindsInItsOrder() {
        ChaosCli cli = new ChaosCli();
        new CommandLine(cli).parseArgs("--ledger-script=ledger", "--data-dir=d", "--ingest=http://i", "--ledger=http://l",
                "--projection=http://p", "--faults", "kill-ledger,postgres-immediate");
        assertThat(cli.rotation).containsExactly(ChaosCli.Fault.KILL_LEDGER, ChaosCli.Fault.PG_IMMEDIATE);
    }

    @Test
    void withoutFaultsTheRotationIsEveryKind() {
        ChaosCli cli = new ChaosCli();
        new CommandLine(cli).parseArgs("--ledger-script=ledger", "--data-dir=d", "--ingest=http://i", "--ledger=http://l",
                "--projection=http://p");
        assertThat(cli.rotation).containsExactly(ChaosCli.Fault.values());
    }

    @Test
    void anUnknownFaultIsAUsageError() {
        assertThat(new CommandLine(new ChaosCli()).execute("--ledger-script=ledger", "--data-dir=d", "--ingest=http://i",
                "--ledger=http://l", "--projection=http://p", "--faults", "kill-everything")).isEqualTo(2);
    }
}
