-- Idempotence of every read model: the last sequence applied per aggregate.
CREATE TABLE projection_position (
    aggregate_id   VARCHAR(255) PRIMARY KEY,
    aggregate_type VARCHAR(32)  NOT NULL,
    last_sequence  BIGINT       NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
