package io.cardledger.ledger.config;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerEventStorageEngineTest {

    @Test
    void storedTimestampsReadBackAsAxonReadsThem() {
        for (String stored : List.of("2026-11-23T18:00:00.000Z", "2026-11-23T18:00:00.123Z", "1970-01-01T00:00:00.000Z",
                "2026-11-23T18:00:00Z", "2026-11-23T19:00:00.123+01:00", "+12026-11-23T18:00:00.000Z")) {
            LedgerEventStorageEngine.Entry<byte[]> entry = new LedgerEventStorageEngine.Entry<>("Card", "card:1", 0, "e1",
                    stored, "type", null, new byte[0], new byte[0]);
            assertThat(entry.getTimestamp()).as(stored).isEqualTo(DateTimeUtils.parseInstant(stored));
            assertThat(entry.getTimestamp()).as("parsed once, then cached").isSameAs(entry.getTimestamp());
        }
        Instant now = Instant.parse("2026-11-23T18:00:00.987654321Z");
        assertThat(new LedgerEventStorageEngine.Entry<>("Card", "card:1", 0, "e1", now, "type", null, "", "").getTimestamp())
                .isEqualTo(DateTimeUtils.parseInstant(DateTimeUtils.formatInstant(now)));
    }
}
