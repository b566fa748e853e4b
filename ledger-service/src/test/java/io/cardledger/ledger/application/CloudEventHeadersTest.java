package io.cardledger.ledger.application;

import io.cardledger.events.wallet.PayInRecorded;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventHeadersTest {
    private static final String STORED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static byte[] metaData(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theTraceparentIsFoundInStoredMetaDataWhereverJacksonPutIt() {
        assertThat(CloudEventHeaders.traceparentIn(metaData("{\"traceId\":\"a\",\"correlationId\":\"b\",\"traceparent\":\"" + STORED + "\"}")))
                .isEqualTo(STORED);
        assertThat(CloudEventHeaders.traceparentIn(metaData("{\"traceparent\":\"" + STORED + "\",\"traceId\":\"a\"}"))).isEqualTo(STORED);
    }

    @Test
    void metaDataWithoutAValidTraceparentHasNone() {
        assertThat(CloudEventHeaders.traceparentIn(metaData("{\"traceId\":\"a\",\"correlationId\":\"b\"}"))).isNull();
        assertThat(CloudEventHeaders.traceparentIn(metaData("{}"))).isNull();
        assertThat(CloudEventHeaders.traceparentIn(null)).isNull();
        assertThat(CloudEventHeaders.traceparentIn(metaData("{\"traceparent\":\"00-nothex\"}"))).isNull();
        assertThat(CloudEventHeaders.traceparentIn(metaData("{\"note\":\"\\\"traceparent\\\":\\\"" + STORED + "\"}"))).isNull();
    }

    @Test
    void theRecordCarriesAChildOfTheStoredTraceparentOnlyWhenThereIsOne() {
        RecordHeaders traced = CloudEventHeaders.of("wallet:w-1", 7, PayInRecorded.class, Instant.parse("2026-12-06T05:00:00Z"), STORED);
        Header header = traced.lastHeader("traceparent");
        String child = new String(header.value(), StandardCharsets.US_ASCII);
        assertThat(child).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01").isNotEqualTo(STORED);
        // The same event published again (after a crash) carries the same header.
        assertThat(CloudEventHeaders.of("wallet:w-1", 7, PayInRecorded.class, Instant.parse("2026-12-06T05:00:00Z"), STORED)
                .lastHeader("traceparent").value()).isEqualTo(header.value());

        RecordHeaders untraced = CloudEventHeaders.of("wallet:w-1", 7, PayInRecorded.class, Instant.parse("2026-12-06T05:00:00Z"), null);
        assertThat(untraced.lastHeader("traceparent")).isNull();
        assertThat(untraced.lastHeader("ce_id").value()).isEqualTo("wallet:w-1/7".getBytes(StandardCharsets.UTF_8));
    }
}
