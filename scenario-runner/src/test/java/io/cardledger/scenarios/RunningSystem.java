package io.cardledger.scenarios;

import io.cardledger.testing.SharedInfra;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The whole system for end-to-end tests: the three services' executable jars, each in its own
 * JVM exactly as deployed, against this test JVM's real Kafka broker and PostgreSQL server.
 * Started once per test JVM and stopped when it exits.
 */
public final class RunningSystem {
    private static volatile RunningSystem instance;

    private final List<Process> processes = new ArrayList<>();
    private final Target target;

    private RunningSystem() throws IOException, InterruptedException {
        SharedInfra infra = SharedInfra.get();
        Path root = Path.of(System.getProperty("project.root", ".."));
        String version = System.getProperty("project.version", "0.1.0-SNAPSHOT");
        Path logs = root.resolve("scenario-runner/target/e2e-logs");
        Files.createDirectories(logs);
        int ingestPort = freePort();
        int ledgerPort = freePort();
        int projectionPort = freePort();
        List<String> common = List.of("--spring.profiles.active=local",
                "--spring.kafka.bootstrap-servers=" + infra.bootstrapServers(),
                "--spring.datasource.username=" + infra.username(),
                "--spring.datasource.password=" + infra.password(),
                "--management.endpoint.health.show-details=never");
        start(root, version, "ledger-service", ledgerPort, logs, common,
                "--spring.datasource.url=" + infra.jdbcUrl("e2e_ledger") + "?reWriteBatchedInserts=true");
        start(root, version, "projection-service", projectionPort, logs, common,
                "--spring.datasource.url=" + infra.jdbcUrl("e2e_projection") + "?reWriteBatchedInserts=true");
        start(root, version, "webhook-ingest", ingestPort, logs, common);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        target = new Target(URI.create("http://localhost:" + ingestPort),
                URI.create("http://localhost:" + ledgerPort), URI.create("http://localhost:" + projectionPort),
                "local-webhook-password", "local-service-token", Duration.ofSeconds(60), "local-analyst-token");
        for (URI uri : List.of(target.ledger(), target.projection(), target.ingest())) {
            awaitHealthy(uri, logs);
        }
    }

    public static RunningSystem get() throws IOException, InterruptedException {
        if (instance == null) {
            synchronized (RunningSystem.class) {
                if (instance == null) {
                    instance = new RunningSystem();
                }
            }
        }
        return instance;
    }

    public Target target() {
        return target;
    }

    private void start(Path root, String version, String service, int port, Path logs, List<String> common, String... extra)
            throws IOException {
        Path jar = root.resolve(service).resolve("target").resolve(service + "-" + version + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the build through the package phase (./mvnw verify)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--server.port=" + port,
                // The local profile's development secrets are not in the jars (config/local/, issue 17).
                "--spring.config.additional-location=file:" + root.resolve("config/local").resolve(service) + "/"));
        command.addAll(common);
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(service + ".log").toFile())
                .start();
        processes.add(p);
    }

    private void awaitHealthy(URI base, Path logs) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(180)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).pollInSameThread()
                    .ignoreExceptionsInstanceOf(IOException.class) // still starting: nothing listens yet
                    .until(() -> {
                        if (processes.stream().anyMatch(p -> !p.isAlive())) {
                            throw new IllegalStateException("A service exited during start-up; see " + logs);
                        }
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/actuator/health")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        return r.statusCode() == 200 && r.body().contains("\"UP\"");
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(base + " not healthy after 180 s; see " + logs, e);
        }
    }

    private void stop() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
