-- The anomalies projection (table analyst_anomaly) is no longer kept by a tracking processor of its own
-- ("analyst-anomalies") but by the outbox's ("ledger-publisher"), which now reads each stored event once
-- for both (ADR 0006). A ledger that already has events must bring the table up to the outbox once:
-- analyst_anomaly_replay asks the service (io.cardledger.ledger.analyst.AnomalyReplay) to replay the
-- outbox's processor for the anomalies after the global index the old processor had reached, or from
-- the beginning (-1) if it had none. The outbox ignores replayed events, so nothing is published twice.
-- An operator can ask for a rebuild from scratch the same way: INSERT INTO analyst_anomaly_replay VALUES (1, -1).
CREATE TABLE analyst_anomaly_replay (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    after_index BIGINT  NOT NULL  -- the table reflects the events up to this global index; -1: rebuild from scratch
);

INSERT INTO analyst_anomaly_replay (id, after_index)
SELECT 1, COALESCE((
    -- the old processor's position: below its first gap (events it may not have seen), else its index
    SELECT LEAST((t ->> 'index')::BIGINT,
                 COALESCE((SELECT min(g::BIGINT) - 1 FROM jsonb_array_elements_text(t -> 'gaps') AS g), (t ->> 'index')::BIGINT))
    FROM (SELECT convert_from(token, 'UTF8')::jsonb AS t FROM tokenentry
          WHERE processorname = 'analyst-anomalies' AND segment = 0 AND token IS NOT NULL
            AND tokentype = 'org.axonframework.eventhandling.GapAwareTrackingToken') AS old), -1)
WHERE EXISTS (SELECT 1 FROM tokenentry WHERE processorname = 'ledger-publisher' AND token IS NOT NULL);

DELETE FROM tokenentry WHERE processorname = 'analyst-anomalies';
