package io.cardledger.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * The one problem+json scheme (RFC 9457) of every service: {@code type} is
 * {@code https://cardledger.io/problems/<slug>} with a slug from a fixed list (docs/problems.md),
 * stable whatever the title says; the title tells a person what to do; {@code instance} is the
 * request path. Controller advice, the security chain, the servlet and filter fast paths all
 * build their answers here.
 */
public final class Problems {
    public static final String TYPE_PREFIX = "https://cardledger.io/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    public static URI type(String slug) {
        return URI.create(TYPE_PREFIX + slug);
    }

    /** A problem of a specific type (slug from docs/problems.md). */
    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(type(slug));
        return p;
    }

    /** A problem whose type is the generic one of its status ({@link #statusSlug}). */
    public static ProblemDetail of(HttpStatusCode status, String title, String detail) {
        return of(status, statusSlug(status), title, detail);
    }

    /** {@code not-found}, {@code bad-request}, ...: the type of problems with no more specific one. */
    public static String statusSlug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** As a response typed application/problem+json whatever the caller's Accept header says. */
    public static ResponseEntity<Object> response(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The JSON of a problem, as Spring MVC writes it (extension properties at top level). */
    public static byte[] json(ProblemDetail problem) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try (JsonGenerator gen = JSON.getFactory().createGenerator(out)) {
                gen.writeStartObject();
                gen.writeStringField("type", String.valueOf(problem.getType()));
                gen.writeStringField("title", problem.getTitle());
                gen.writeNumberField("status", problem.getStatus());
                if (problem.getDetail() != null) {
                    gen.writeStringField("detail", problem.getDetail());
                }
                if (problem.getInstance() != null) {
                    gen.writeStringField("instance", problem.getInstance().toString());
                }
                Map<String, Object> properties = problem.getProperties();
                if (properties != null) {
                    for (Map.Entry<String, Object> e : properties.entrySet()) {
                        gen.writeFieldName(e.getKey());
                        JSON.writeValue(gen, e.getValue());
                    }
                }
                gen.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("A problem must always serialise", e);
        }
    }

    /** For filters and servlets, which answer outside Spring MVC. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (problem.getInstance() == null && request != null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        byte[] body = json(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
