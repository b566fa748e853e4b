package io.cardledger.support.edge;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * First filter of every request: makes the request URI that Spring Security and Spring MVC both
 * decide on the canonical form of the path the container already mapped the request with.
 *
 * <p>Tomcat selects the servlet on the decoded, normalised path (percent-escapes decoded,
 * {@code ;parameters} removed, {@code //}, {@code /./} and {@code /../} resolved), which it exposes
 * as servlet path + path info; but {@code getRequestURI()}, which Spring MVC's and Spring
 * Security's path matching start from, is the raw text the caller sent. The old token filter
 * compared prefixes of that raw text, so {@code /%61pi/...} and {@code /api;x/...} went around it
 * while the application still routed them. Here, when the raw URI is not already the canonical
 * path (plus a trailing slash removed), the request is seen through a wrapper whose URI is the
 * canonical path, re-encoded: every later decision (firewall, access rules, handler mapping,
 * the balance fast path) then sees one path, and a variant gets exactly what the plain path
 * gets. Case is not folded: {@code /API/...} is another path and is denied by default.
 *
 * <p>The common case (a canonical URI) costs a few string comparisons and no allocation.
 */
public final class CanonicalPathFilter implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String canonical = canonicalUri(request);
        chain.doFilter(canonical == null ? req : new CanonicalRequest(request, canonical), res);
    }

    /** @return the canonical request URI, or null when the raw one already is */
    static String canonicalUri(HttpServletRequest request) {
        String raw = request.getRequestURI();
        String context = request.getContextPath();
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? servletPath : servletPath + pathInfo;
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        if (end < path.length()) {
            path = path.substring(0, end);
        }
        if (path.isEmpty()) {
            path = "/";
        }
        if (raw.length() == context.length() + path.length() && raw.startsWith(context) && raw.endsWith(path)
                && plain(path)) {
            return null;
        }
        return context + encode(path);
    }

    private static boolean plain(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (!safe(path.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Unreserved characters and the separator: nothing to decode, nothing to escape. */
    private static boolean safe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '/' || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** Percent-encodes everything but unreserved characters and '/', so a decoded ';' or '%' cannot be re-read as syntax. */
    static String encode(String path) {
        if (plain(path)) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (b >= 0 && safe(c)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static final class CanonicalRequest extends HttpServletRequestWrapper {
        private final String uri;

        CanonicalRequest(HttpServletRequest request, String uri) {
            super(request);
            this.uri = uri;
        }

        @Override
        public String getRequestURI() {
            return uri;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = super.getRequestURL();
            String raw = super.getRequestURI();
            int at = url.lastIndexOf(raw);
            if (at >= 0) {
                url.replace(at, url.length(), uri);
            }
            return url;
        }
    }
}
