package io.cardledger.testing.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Probes a running service's edge over real HTTP: every endpoint x every caller x every spelling
 * of its path (plain, percent-encoded, {@code ;param}, double slash, trailing slash, {@code /./},
 * {@code /../}, upper case). Each variant must get exactly the status the plain path gets for that
 * caller, except upper case, which is another path (paths are case-sensitive) and must be
 * answered 404 by the deny-by-default rule whoever calls.
 */
public final class EdgeProbe {
    public enum Caller { NONE, SERVICE, ANALYST, WRONG }

    public static final List<Caller> CALLERS = List.of(Caller.NONE, Caller.SERVICE, Caller.ANALYST, Caller.WRONG);
    public static final String UPPER_CASE = "upper case";

    /** One request; {@code headers} are extra headers (a webhook secret, say). */
    public record Call(String method, String path, String contentType, String body, Map<String, String> headers) {
        public static Call of(String method, String path) {
            return new Call(method, path, null, null, Map.of());
        }

        public static Call json(String method, String path, String body) {
            return new Call(method, path, "application/json", body, Map.of());
        }

        Call at(String otherPath) {
            return new Call(method, otherPath, contentType, body, headers);
        }
    }

    /**
     * An endpoint to probe: {@code call} builds a fresh request for each attempt (fresh operation ids,
     * so that a repeated write is a new write), {@code expected} the plain path's status per caller
     * (NONE, SERVICE, ANALYST, WRONG).
     */
    public record Endpoint(String name, IntFunction<Call> call, int none, int service, int analyst, int wrong) {
        int expected(Caller caller) {
            return switch (caller) {
                case NONE -> none;
                case SERVICE -> service;
                case ANALYST -> analyst;
                case WRONG -> wrong;
            };
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String serviceToken;
    private final String analystToken;
    private final AtomicInteger attempts = new AtomicInteger();

    public EdgeProbe(String base, String serviceToken, String analystToken) {
        this.base = base;
        this.serviceToken = serviceToken;
        this.analystToken = analystToken;
    }

    /** The spellings of a path (query string kept as is). */
    public static Map<String, String> variants(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q);
        String[] segments = path.substring(1).split("/", -1);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("plain", path);
        v.put("percent-encoded", join(segments, s -> s.isEmpty() ? s : String.format("%%%02x", (int) s.charAt(0)) + s.substring(1)));
        v.put(";param", join(segments, s -> s + ";x=1"));
        v.put("double slash", path.replace("/", "//"));
        v.put("trailing slash", path + "/");
        v.put("/./", path.replace("/", "/./"));
        v.put("/../", "/" + segments[0] + "/zz/.." + path.substring(segments[0].length() + 1));
        v.put(UPPER_CASE, path.toUpperCase(Locale.ROOT));
        v.replaceAll((k, p) -> p + query);
        return v;
    }

    private static String join(String[] segments, java.util.function.UnaryOperator<String> each) {
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            b.append('/').append(each.apply(s));
        }
        return b.toString();
    }

    /** @return one line per disagreement; empty when every caller and every spelling got what it should */
    public List<String> mismatches(List<Endpoint> endpoints) {
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (Caller caller : CALLERS) {
                int plain = status(caller, endpoint.call().apply(attempts.incrementAndGet()));
                if (plain != endpoint.expected(caller)) {
                    wrong.add(endpoint.name() + " as " + caller + ": plain path answered " + plain + ", expected " + endpoint.expected(caller));
                }
                Call template = endpoint.call().apply(0);
                for (Map.Entry<String, String> variant : variants(template.path()).entrySet()) {
                    if (variant.getKey().equals("plain")) {
                        continue;
                    }
                    Call fresh = endpoint.call().apply(attempts.incrementAndGet());
                    String path = variants(fresh.path()).get(variant.getKey());
                    int got = status(caller, fresh.at(path));
                    int expected = variant.getKey().equals(UPPER_CASE) ? 404 : plain;
                    if (got != expected) {
                        wrong.add(endpoint.name() + " as " + caller + " via " + variant.getKey() + " (" + fresh.method() + " "
                                + path + "): " + got + ", the plain path got " + plain + (expected != plain ? " (expected " + expected + ")" : ""));
                    }
                }
            }
        }
        return wrong;
    }

    public int status(Caller caller, Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.path())).timeout(Duration.ofSeconds(30))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        call.headers().forEach(request::header);
        switch (caller) {
            case SERVICE -> request.header("Authorization", "Bearer " + serviceToken);
            case ANALYST -> request.header("Authorization", "Bearer " + analystToken);
            case WRONG -> request.header("Authorization", "Bearer not-" + serviceToken);
            case NONE -> {
            }
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(call.method() + " " + call.path(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
