package io.cardledger.analyst.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rebuild} against a fake projection-service that plays a rebuild's answers in order. */
class RebuildCommandTest {
    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final Deque<String[]> answers = new ArrayDeque<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            String[] answer = answers.size() > 1 ? answers.poll() : answers.peek();
            CliTestSupport.reply(exchange, Integer.parseInt(answer[0]),
                    answer[0].equals("409") ? "application/problem+json" : "application/json", answer[1]);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int run(String... args) {
        return CliTestSupport.execute(out, err, args, "--projection-url=http://127.0.0.1:" + server.getAddress().getPort(),
                "--url=http://127.0.0.1:1", "--poll-ms=1");
    }

    private static String[] status(int code, String phase, long read, long perSecond) {
        return new String[]{String.valueOf(code), """
                {"id":"r-1","phase":"%s","eventsTotal":1000,"eventsRead":%d,"eventsApplied":%d,"duplicates":0,"gaps":0,
                 "skipped":0,"aggregates":40,"eventsPerSecond":%d,"readMillis":10,"indexMillis":2,"switchMillis":1,
                 "elapsedMillis":15,"detail":%s}""".formatted(phase, read, read, perSecond,
                phase.equals("FAILED") ? "\"disk full\"" : "null")};
    }

    @Test
    void startsARebuildOnProjectionServiceAndFollowsItWithAProgressBarUntilDone() {
        answers.add(status(202, "PREPARING", 0, 0));
        answers.add(status(200, "REPLAYING", 500, 120_000));
        answers.add(status(200, "DONE", 1000, 125_000));

        int exit = run("rebuild", "--token", "secret");

        assertThat(exit).isZero();
        assertThat(requests).containsExactly("POST /api/v1/analyst/rebuilds auth=Bearer secret",
                "GET /api/v1/analyst/rebuilds/r-1 auth=Bearer secret", "GET /api/v1/analyst/rebuilds/r-1 auth=Bearer secret");
        assertThat(err.toString()).contains("[" + "#".repeat(15) + ".".repeat(15) + "]  50%  500/1,000 events  120,000 events/s  REPLAYING")
                .contains("[" + "#".repeat(30) + "] 100%  1,000/1,000 events  125,000 events/s  DONE");
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("REBUILD").contains("EVENTS/S");
        assertThat(lines[1]).contains("r-1", "DONE", "1000", "125000");
    }

    @Test
    void aFailedRebuildExitsWithFourAndSaysWhy() {
        answers.add(status(202, "REPLAYING", 10, 5));
        answers.add(status(200, "FAILED", 10, 5));

        assertThat(run("--json", "rebuild")).isEqualTo(AnalystCli.REBUILD_FAILED);
        assertThat(out.toString()).contains("\"phase\":\"FAILED\"").contains("disk full");
    }

    @Test
    void aRebuildAlreadyRunningIsReportedWithTheServicesTitle() {
        answers.add(new String[]{"409", "{\"title\":\"A rebuild is already running\",\"detail\":\"Rebuild r-0 is still running\"}"});

        assertThat(run("rebuild")).isEqualTo(AnalystCli.SERVICE_ERROR);
        assertThat(err.toString()).contains("A rebuild is already running (HTTP 409)");
    }
}
