-- Records that failed on their own every time (deterministic failures), parked so that the rest of
-- their partition goes on. Re-driven by the analyst (`analyst parked retry`) once code or data is fixed.
CREATE TABLE parked_record (
    id              BIGSERIAL PRIMARY KEY,
    consumer        TEXT        NOT NULL,            -- which consumer parked it, e.g. 'ledger', 'projection'
    topic           TEXT        NOT NULL,
    kafka_partition INTEGER     NOT NULL,
    kafka_offset    BIGINT      NOT NULL,
    record_key      TEXT,
    payload         BYTEA,                           -- the record's value as consumed (already scrubbed of card data)
    reason          TEXT        NOT NULL,            -- a person-readable reason (exception message, bounded)
    exception_class TEXT        NOT NULL,
    stack_digest    TEXT        NOT NULL,            -- hex SHA-256 of the stack trace's frames
    parked_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    status          TEXT        NOT NULL DEFAULT 'PARKED', -- PARKED | RETRIED | RETRY_FAILED
    retried_at      TIMESTAMPTZ,
    CONSTRAINT parked_record_position UNIQUE (consumer, topic, kafka_partition, kafka_offset)
);
CREATE INDEX parked_record_status ON parked_record (status, parked_at);
