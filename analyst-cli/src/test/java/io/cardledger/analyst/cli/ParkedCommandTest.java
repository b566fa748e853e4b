package io.cardledger.analyst.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parked list|show|retry} against a fake service that answers as ledger-service does. */
class ParkedCommandTest {
    private static final String RECORD = """
            {"id":7,"consumer":"ledger","topic":"cardledger.raw-notifications.v1","partition":2,"offset":41,"key":"c-1",
             "reason":"EventStoreException: Failed to read events (caused by PSQLException: invalid byte sequence)",
             "exceptionClass":"org.postgresql.util.PSQLException","stackDigest":"ab12","parkedAt":"2026-12-05T23:00:00Z",
             "status":"%s","retriedAt":null,"payload":"{\\"c2CardId\\":\\"bad\\"}"}""";
    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private String retryStatus = "RETRIED";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            requests.add(exchange.getRequestMethod() + " " + path + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
            String body;
            if (path.startsWith("/api/v1/analyst/parked?")) {
                body = "{\"page\":0,\"size\":50,\"total\":1,\"records\":[" + RECORD.formatted("PARKED") + "]}";
            } else if (path.endsWith("/retry")) {
                body = RECORD.formatted(retryStatus);
            } else {
                body = RECORD.formatted("PARKED");
            }
            CliTestSupport.reply(exchange, 200, "application/json", body);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int run(String... args) {
        return CliTestSupport.execute(out, err, args, "--url=http://127.0.0.1:" + server.getAddress().getPort(),
                "--projection-url=http://127.0.0.1:" + server.getAddress().getPort(), "--token=t0k");
    }

    @Test
    void listsAPageOfParkedRecords() {
        int exit = run("parked", "list", "--status", "PARKED");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(requests).containsExactly("GET /api/v1/analyst/parked?page=0&size=50&status=PARKED auth=Bearer t0k");
        assertThat(out.toString()).contains("PARKED").contains("cardledger.raw-notifications.v1").contains("41")
                .contains("invalid byte sequence").contains("1 of 1 parked records");
    }

    @Test
    void showsOneWithItsPayload() {
        int exit = run("parked", "show", "7", "--service", "projection");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(requests).containsExactly("GET /api/v1/analyst/parked/7 auth=Bearer t0k");
        assertThat(out.toString()).contains("stackDigest").contains("ab12").contains("{\"c2CardId\":\"bad\"}");
    }

    @Test
    void retryExitsZeroWhenItAppliesAndFiveWhenItStillFails() {
        assertThat(run("parked", "retry", "7", "--json")).isZero();
        assertThat(requests).containsExactly("POST /api/v1/analyst/parked/7/retry auth=Bearer t0k");
        assertThat(out.toString()).contains("\"status\":\"RETRIED\"");

        retryStatus = "RETRY_FAILED";
        assertThat(run("parked", "retry", "7")).isEqualTo(ParkedCommand.RETRY_FAILED);
    }
}
