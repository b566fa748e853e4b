package io.cardledger.ledger.analyst;

import java.time.Instant;
import java.util.List;

/** For the benchmark: the projection's per-event work (read the stored JSON, decide the changes) without a database. */
public final class AnomalyProjectionProbe {
    private AnomalyProjectionProbe() {
    }

    public static int decide(List<byte[]> storedCardNotificationRecorded) {
        AnomalyProjection.Changes changes = new AnomalyProjection.Changes();
        Instant at = Instant.now();
        long index = 0;
        for (byte[] json : storedCardNotificationRecorded) {
            AnomalyProjection.recorded(AnomalyProjection.read(json, AnomalyProjection.RecordedView.class), at, index++, changes);
        }
        return changes.upserts.size() + changes.deletes.size();
    }
}
