#!/bin/sh
# docker-compose's PostgreSQL runs this once, on an empty data directory (docker-entrypoint-initdb.d):
# it creates the owner and runtime roles and the two databases with deploy/postgres-init.sql.
# The passwords come from the environment (.env); none has a default.
set -eu
: "${LEDGER_DB_OWNER_PASSWORD:?set LEDGER_DB_OWNER_PASSWORD}"
: "${LEDGER_DB_PASSWORD:?set LEDGER_DB_PASSWORD}"
: "${PROJECTION_DB_OWNER_PASSWORD:?set PROJECTION_DB_OWNER_PASSWORD}"
: "${PROJECTION_DB_PASSWORD:?set PROJECTION_DB_PASSWORD}"
: "${LEDGER_DB_ANALYST_PASSWORD:?set LEDGER_DB_ANALYST_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v ledger_owner_password="$LEDGER_DB_OWNER_PASSWORD" \
  -v ledger_app_password="$LEDGER_DB_PASSWORD" \
  -v projection_owner_password="$PROJECTION_DB_OWNER_PASSWORD" \
  -v projection_app_password="$PROJECTION_DB_PASSWORD" \
  -v ledger_analyst_password="$LEDGER_DB_ANALYST_PASSWORD" \
  -f /card-ledger/postgres-init.sql
