package io.cardledger.analyst.cli;

import com.sun.net.httpserver.HttpExchange;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the CLI tests share: running the command line with captured output, and answering a stub request. */
final class CliTestSupport {
    private CliTestSupport() {
    }

    /** Runs {@code analyst} with {@code args} followed by {@code settings} (URLs, token), output captured. */
    static int execute(StringWriter out, StringWriter err, String[] args, String... settings) {
        CommandLine cli = AnalystCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(settings));
        return cli.execute(all.toArray(String[]::new));
    }

    /** Answers a stub server's request with {@code body}. */
    static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
