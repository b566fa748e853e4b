package io.cardledger.support.edge;

import io.cardledger.support.Problems;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

/**
 * Bounds request bodies (64 KiB by default): a declared Content-Length above the limit is answered
 * 413 before anything is read; a body without one (chunked) is counted as it is read, and the
 * request is answered 413 once it passes the limit, whatever the handler made of the cut stream.
 */
public final class BodyLimitFilter implements Filter, HandlerExceptionResolver, Ordered {
    public static final String BODY_TOO_LARGE = "body-too-large";
    private static final String EXCEEDED = BodyLimitFilter.class.getName() + ".exceeded";
    private final int maxBytes;

    public BodyLimitFilter(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            Problems.write(request, response, tooLarge());
            return;
        }
        if (declared >= 0) {
            // Tomcat never hands out more than the declared length.
            chain.doFilter(req, res);
            return;
        }
        Bounded bounded = new Bounded(request, maxBytes);
        try {
            chain.doFilter(bounded, res);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!bounded.exceeded) {
                throw e;
            }
        }
        if (bounded.exceeded && !response.isCommitted()) {
            response.reset();
            Problems.write(request, response, tooLarge());
        }
    }

    /**
     * Registered with Spring MVC ahead of every other resolver: whatever a handler's body reader made
     * of the cut stream (an unreadable-JSON exception, usually), a body over the limit is a 413.
     */
    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (request.getAttribute(EXCEEDED) == null || response.isCommitted()) {
            return null;
        }
        try {
            response.reset();
            Problems.write(request, response, tooLarge());
        } catch (IOException e) {
            return null;
        }
        return new ModelAndView();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private ProblemDetail tooLarge() {
        return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, BODY_TOO_LARGE, "Request body exceeds the size limit",
                "Bodies are limited to " + maxBytes + " bytes.");
    }

    /** Thrown by the counted stream; handlers see an I/O error, the filter answers 413. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(int max) {
            super("Request body exceeds " + max + " bytes");
        }
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        private final int max;
        private boolean exceeded;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, int max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            counted(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0) {
                            counted(n);
                        }
                        return n;
                    }

                    private void counted(int n) throws IOException {
                        count += n;
                        if (count > max) {
                            exceeded = true;
                            setAttribute(EXCEEDED, Boolean.TRUE);
                            throw new BodyTooLargeException(max);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), encoding == null ? "UTF-8" : encoding));
        }
    }
}
