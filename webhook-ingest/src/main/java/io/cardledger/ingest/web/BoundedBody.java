package io.cardledger.ingest.web;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit. Tomcat's own limits cover form posts only, and a declared
 * Content-Length can be absent (chunked) or wrong, so the limit is enforced on the bytes read.
 */
public final class BoundedBody {
    private BoundedBody() {
    }

    public static byte[] read(InputStream in, long declaredLength, int maxBytes) throws IOException {
        if (declaredLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        // One byte past the limit is enough to know the body is too large without reading the rest.
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return body;
    }

    private static WebhookRejectedException tooLarge(int maxBytes) {
        return new WebhookRejectedException(Rejection.BODY_TOO_LARGE,
                "The body must be at most " + maxBytes + " bytes; a transaction notification is normally under 2 KiB");
    }
}
