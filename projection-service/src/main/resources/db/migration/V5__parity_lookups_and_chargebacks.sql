-- Issue 21 (PayCaddy parity).

-- GET /api/v1/users/{userId}/wallets (the issuer's WalletsPerUserIds).
CREATE INDEX wallet_balance_by_user ON wallet_balance (user_id);

-- GET /api/v1/operations/{id}: an integrator operation's lines (both legs of a transfer) by its id.
CREATE INDEX wallet_transaction_by_movement ON wallet_transaction (movement_id);

-- Each chargeback (card + c11) as it stands now: what the transaction lists show beside the transaction.
CREATE TABLE card_chargeback (
    card_id        TEXT        NOT NULL,
    transaction_id TEXT        NOT NULL,
    wallet_id      TEXT,
    status         TEXT        NOT NULL,   -- the issuer's last status word, or REQUESTED while only marked
    outcome        TEXT        NOT NULL,   -- OPEN, WON or LOST
    credited_minor BIGINT      NOT NULL DEFAULT 0,
    reports        INT         NOT NULL DEFAULT 0,   -- issuer reports applied so far
    requested_at   TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (card_id, transaction_id)
);
