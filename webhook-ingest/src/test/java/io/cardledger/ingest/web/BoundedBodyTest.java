package io.cardledger.ingest.web;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedBodyTest {
    @Test
    void aBodyAtTheLimitIsReadWhole() throws Exception {
        byte[] body = new byte[100];

        assertThat(BoundedBody.read(new ByteArrayInputStream(body), -1, 100)).hasSize(100);
    }

    @Test
    void aBodyOneByteOverTheLimitIsRefusedEvenWithoutAContentLength() {
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(new byte[101]), -1, 100))
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.BODY_TOO_LARGE));
    }

    @Test
    void anUnderstatedContentLengthDoesNotLetMoreThroughThanTheLimit() {
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(new byte[5000]), 10, 100))
                .isInstanceOf(WebhookRejectedException.class);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReadingAnything() throws Exception {
        InputStream neverRead = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body must not be read");
            }
        };

        assertThatThrownBy(() -> BoundedBody.read(neverRead, 1_000_000, 100))
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.getMessage()).contains("at most 100 bytes"));
    }
}
