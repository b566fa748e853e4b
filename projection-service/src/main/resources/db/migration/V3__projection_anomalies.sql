-- Nothing is skipped silently: a sequence gap or an event we cannot apply leaves a row here for
-- an analyst (and a rebuild) to act on.

-- Events between expected_sequence and received_sequence - 1 never reached the projection.
CREATE TABLE projection_gap (
    id                BIGSERIAL   PRIMARY KEY,
    aggregate_id      TEXT        NOT NULL,
    aggregate_type    TEXT        NOT NULL,
    expected_sequence BIGINT      NOT NULL,
    received_sequence BIGINT      NOT NULL,
    event_id          TEXT,
    detected_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX projection_gap_by_aggregate ON projection_gap (aggregate_id);

-- Events consumed but not applied: unknown types (a newer ledger) or unreadable payloads.
CREATE TABLE projection_skipped_event (
    id             BIGSERIAL   PRIMARY KEY,
    topic          TEXT        NOT NULL,
    kafka_partition INT        NOT NULL,
    kafka_offset   BIGINT      NOT NULL,
    reason         TEXT        NOT NULL,
    event_id       TEXT,
    aggregate_id   TEXT,
    sequence       BIGINT,
    event_type     TEXT,
    detail         TEXT,
    detected_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
