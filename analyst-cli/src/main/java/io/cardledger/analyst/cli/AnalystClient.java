package io.cardledger.analyst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Calls a service's analyst API (ledger-service, or projection-service for rebuilds) with the analyst bearer token. */
public class AnalystClient {
    public static final String NDJSON = "application/x-ndjson";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String token;
    private final String service;
    private final String urlOption;

    /** A refusal from the service, carrying its RFC 7807 title and detail. */
    public static class ApiException extends RuntimeException {
        private final int status;

        public ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public AnalystClient(String baseUrl, String token) {
        this(baseUrl, token, "ledger-service", "--url");
    }

    /** @param service what runs at {@code baseUrl}, and {@code urlOption} the option that sets it, for error messages */
    public AnalystClient(String baseUrl, String token, String service, String urlOption) {
        this.service = service;
        this.urlOption = urlOption;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    public String get(String path, Map<String, String> query, String accept) {
        return send(HttpRequest.newBuilder(uri(path, query)).header("Accept", accept).GET()).body();
    }

    /** An answer with the one header a paged answer carries. */
    public record Page(String body, String header) {
    }

    public Page get(String path, Map<String, String> query, String accept, String header) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path, query)).header("Accept", accept).GET());
        return new Page(response.body(), response.headers().firstValue(header).orElse(null));
    }

    public String post(String path, String contentType, String body) {
        return post(path, Map.of(), contentType, body);
    }

    public String post(String path, Map<String, String> query, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path, query)).header("Accept", "application/json")
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body))).body();
    }

    public JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new ApiException(0, "The service answered with something that is not JSON: " + e.getMessage());
        }
    }

    public ObjectMapper json() {
        return json;
    }

    URI uri(String path, Map<String, String> query) {
        Map<String, String> present = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                present.put(k, v);
            }
        });
        String q = present.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(baseUrl + path + (q.isEmpty() ? "" : "?" + q));
    }

    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(5)).build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new ApiException(0, "Cannot reach " + service + " at " + baseUrl + " (is it running? see " + urlOption + ")");
        } catch (IOException e) {
            throw new ApiException(0, "Calling " + built.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "Interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(response.statusCode(), problem(response));
        }
        return response;
    }

    private String problem(HttpResponse<String> response) {
        try {
            JsonNode p = json.readTree(response.body());
            String title = p.path("title").asText("HTTP " + response.statusCode());
            String detail = p.path("detail").asText("");
            return title + " (HTTP " + response.statusCode() + ")" + (detail.isEmpty() ? "" : ": " + detail);
        } catch (IOException | RuntimeException e) {
            return "HTTP " + response.statusCode();
        }
    }
}
