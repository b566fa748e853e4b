-- Read models of the ledger's events. Money is BIGINT minor units beside an ISO 4217 currency.
-- Strings are TEXT: an issuer field longer than we guessed must never block the projection.

-- One row per wallet, always written whole from ONE event's balanceAfter, so a reader never sees
-- available and withheld from different moments.
CREATE TABLE wallet_balance (
    wallet_id       TEXT        PRIMARY KEY,
    user_id         TEXT,
    currency        TEXT,
    wallet_type     INT,
    registered_at   TIMESTAMPTZ,
    available_minor BIGINT      NOT NULL DEFAULT 0,
    withheld_minor  BIGINT      NOT NULL DEFAULT 0,
    total_minor     BIGINT GENERATED ALWAYS AS (available_minor + withheld_minor) STORED,
    last_event_at   TIMESTAMPTZ,
    last_sequence   BIGINT      NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every movement of a wallet, as the cardholder's transaction list shows it.
CREATE TABLE wallet_transaction (
    wallet_id              TEXT        NOT NULL,
    sequence               BIGINT      NOT NULL,
    event_id               TEXT        NOT NULL,
    movement_id            TEXT        NOT NULL,
    movement_type          TEXT        NOT NULL,
    card_id                TEXT,
    notification_id        TEXT,
    notification_type      TEXT,
    kind                   TEXT,
    money_send             BOOLEAN     NOT NULL DEFAULT false,
    transaction_id         TEXT,
    authorization_code     TEXT,
    merchant_name          TEXT,
    merchant_id            TEXT,
    merchant_category      TEXT,
    counterparty_wallet_id TEXT,
    statement              TEXT,
    amount_minor           BIGINT      NOT NULL,
    available_delta_minor  BIGINT      NOT NULL,
    withheld_delta_minor   BIGINT      NOT NULL,
    available_after_minor  BIGINT      NOT NULL,
    withheld_after_minor   BIGINT      NOT NULL,
    currency               TEXT        NOT NULL,
    authorization_status   TEXT,
    flags                  TEXT[]      NOT NULL DEFAULT '{}',
    rulebook_version       INT,
    -- c7 when the issuer sent one (read as UTC, it carries no zone), otherwise occurred_at.
    transaction_time       TIMESTAMPTZ NOT NULL,
    local_transaction_time TIMESTAMP,
    occurred_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (wallet_id, sequence)
);
-- The list is always one wallet, newest first.
CREATE INDEX wallet_transaction_by_time ON wallet_transaction (wallet_id, transaction_time DESC, sequence DESC);
-- Links a batch correction to its original authorization.
CREATE INDEX wallet_transaction_by_authorization ON wallet_transaction (wallet_id, card_id, transaction_id)
    WHERE transaction_id <> '';

-- Cards, so an authorization query can tell "unknown card" from "no authorizations yet".
CREATE TABLE card (
    card_id                TEXT        PRIMARY KEY,
    wallet_id              TEXT,
    user_id                TEXT,
    product                TEXT,
    physical               BOOLEAN,
    registered_at          TIMESTAMPTZ,
    notifications_awaiting INT         NOT NULL DEFAULT 0,
    last_event_at          TIMESTAMPTZ
);

-- Current state of each authorization (cardId + c11), taken whole from the ledger's AuthorizationView.
CREATE TABLE card_authorization (
    card_id                TEXT        NOT NULL,
    transaction_id         TEXT        NOT NULL,
    wallet_id              TEXT,
    status                 TEXT        NOT NULL,
    authorized_minor       BIGINT      NOT NULL,
    held_minor             BIGINT      NOT NULL,
    settled_minor          BIGINT      NOT NULL,
    modifications          INT         NOT NULL,
    authorization_code     TEXT,
    merchant_name          TEXT,
    merchant_id            TEXT,
    merchant_category      TEXT,
    first_notification_type TEXT,
    last_notification_type TEXT,
    local_transaction_time TIMESTAMP,
    first_recorded_at      TIMESTAMPTZ NOT NULL,
    last_recorded_at       TIMESTAMPTZ NOT NULL,
    last_sequence          BIGINT      NOT NULL,
    PRIMARY KEY (card_id, transaction_id)
);
CREATE INDEX card_authorization_recent ON card_authorization (card_id, last_recorded_at DESC);

-- Every notification that touched an authorization, in the card's order: its lifecycle history.
CREATE TABLE authorization_history (
    card_id               TEXT        NOT NULL,
    sequence              BIGINT      NOT NULL,
    transaction_id        TEXT        NOT NULL,
    event_id              TEXT        NOT NULL,
    movement_id           TEXT        NOT NULL,
    notification_id       TEXT,
    notification_type     TEXT,
    kind                  TEXT,
    amount_minor          BIGINT      NOT NULL,
    available_delta_minor BIGINT      NOT NULL,
    withheld_delta_minor  BIGINT      NOT NULL,
    status_after          TEXT        NOT NULL,
    authorized_minor      BIGINT      NOT NULL,
    held_minor            BIGINT      NOT NULL,
    settled_minor         BIGINT      NOT NULL,
    modifications         INT         NOT NULL,
    flags                 TEXT[]      NOT NULL DEFAULT '{}',
    rulebook_version      INT,
    recorded_at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (card_id, sequence)
);
CREATE INDEX authorization_history_by_c11 ON authorization_history (card_id, transaction_id, sequence);

-- Users' KYC status: the latest report wins; every report is kept.
CREATE TABLE user_kyc (
    user_id         TEXT        PRIMARY KEY,
    status          TEXT        NOT NULL,
    description     TEXT,
    reported_at     TEXT,
    received_at     TIMESTAMPTZ NOT NULL,
    notification_id TEXT        NOT NULL
);
CREATE TABLE kyc_report (
    notification_id TEXT        PRIMARY KEY,
    user_id         TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    description     TEXT,
    reported_at     TEXT,
    received_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX kyc_report_by_user ON kyc_report (user_id, received_at DESC);
