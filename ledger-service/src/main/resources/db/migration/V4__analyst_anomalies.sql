-- The analyst's anomalies, kept as a projection of the event stream by the tracking processor
-- "analyst-anomalies" (io.cardledger.ledger.analyst.AnomalyProjection), so that the report is an
-- indexed read of a small table, never a scan of the event store. ADR 0006.
-- One row per anomaly; a row disappears when the anomaly does (a parked reversal applied, a hold
-- settled, a card registered).
CREATE TABLE analyst_anomaly (
    kind                 TEXT        NOT NULL,  -- AnomalyKind
    anomaly_key          TEXT        NOT NULL,  -- unique within its kind: movement id, notification id, card+c11
    card_id              TEXT,
    wallet_id            TEXT,
    c11                  TEXT,
    notification_id      TEXT,
    movement_id          TEXT,
    c1_tipo              TEXT,
    c4                   BIGINT,
    available_delta      BIGINT,
    withheld_delta       BIGINT,
    held_minor           BIGINT,
    authorization_status TEXT,
    occurred_at          TIMESTAMPTZ NOT NULL,  -- when the event that raised it was stored (open holds: when the hold opened)
    global_index         BIGINT      NOT NULL,  -- the event store position of the latest event that changed the row
    detail               TEXT,
    PRIMARY KEY (kind, anomaly_key)
);
-- Paging is by (occurred_at, kind, anomaly_key); each filter has an index that yields that order.
CREATE INDEX analyst_anomaly_by_time ON analyst_anomaly (occurred_at, kind, anomaly_key);
CREATE INDEX analyst_anomaly_by_kind ON analyst_anomaly (kind, occurred_at, anomaly_key);
CREATE INDEX analyst_anomaly_by_card ON analyst_anomaly (card_id, occurred_at, kind, anomaly_key);
CREATE INDEX analyst_anomaly_by_wallet ON analyst_anomaly (wallet_id, occurred_at, kind, anomaly_key);
