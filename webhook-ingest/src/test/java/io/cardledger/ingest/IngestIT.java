package io.cardledger.ingest;

import io.cardledger.testing.SharedInfra;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Base of the integration tests that share one running service against the shared real broker.
 * Every subclass inherits the same configuration, so Spring starts the context once per JVM.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cardledger.ingest.webhook-password=" + IngestIT.WEBHOOK_PASSWORD,
        "cardledger.ingest.kyc-secret=" + IngestIT.KYC_SECRET,
        "cardledger.katfacil.secret=" + IngestIT.KATFACIL_SECRET})
public abstract class IngestIT {
    /** Distinctive, so a leak into a log or a record is found by a plain substring search. */
    public static final String WEBHOOK_PASSWORD = "Pw-7f3a9c1e-NEVER-LOG-ME";
    public static final String KYC_SECRET = "Kyc-52be8d0a-NEVER-LOG-ME";
    public static final String KATFACIL_SECRET = "Kf-0c4e19d2-NEVER-LOG-ME";

    protected static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", SharedInfra.get()::bootstrapServers);
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected HttpResponse<String> postJson(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
