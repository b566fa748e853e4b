-- Roles, databases and grants of card-ledger's PostgreSQL: one owner role (runs Flyway) and one
-- runtime role (the services' connection pools) per service; neither is a superuser, and neither can
-- create roles or databases. Run by an administrator with psql, once at set-up and again to rotate a
-- password (every statement is idempotent):
--
--   psql -v ON_ERROR_STOP=1 -d postgres \
--     -v ledger_owner_password="$LEDGER_DB_OWNER_PASSWORD" -v ledger_app_password="$LEDGER_DB_PASSWORD" \
--     -v projection_owner_password="$PROJECTION_DB_OWNER_PASSWORD" -v projection_app_password="$PROJECTION_DB_PASSWORD" \
--     -v ledger_analyst_password="$LEDGER_DB_ANALYST_PASSWORD" \
--     -f deploy/postgres-init.sql
--
-- docker-compose runs it through deploy/postgres-init.sh. Keep log_statement below 'ddl' while it
-- runs: the passwords travel in ALTER ROLE statements.
\set ON_ERROR_STOP on

-- Roles -------------------------------------------------------------------------------------------
SELECT format('CREATE ROLE %I', r)
FROM unnest(ARRAY['ledger_owner', 'ledger_app', 'ledger_analyst', 'projection_owner', 'projection_app']) AS r
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec

ALTER ROLE ledger_owner     WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'ledger_owner_password';
ALTER ROLE ledger_app       WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'ledger_app_password';
-- The analysts' pool in ledger-service (reports, streams, reconcile): reads only, in read-only
-- transactions, with a server-side time limit even if the pool's own setting were lost.
ALTER ROLE ledger_analyst   WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'ledger_analyst_password';
ALTER ROLE projection_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'projection_owner_password';
ALTER ROLE projection_app   WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'projection_app_password';

-- The projection's runtime role owns the read-model tables (see the projection section below). Its
-- owner role is a member of it, so that later migrations can still alter those tables; the
-- membership goes that way only: the runtime role never acts as the owner.
GRANT projection_app TO projection_owner;

-- Databases ---------------------------------------------------------------------------------------
SELECT 'CREATE DATABASE ledger OWNER ledger_owner'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'ledger') \gexec
SELECT 'CREATE DATABASE projection OWNER projection_owner'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'projection') \gexec
ALTER DATABASE ledger OWNER TO ledger_owner;
ALTER DATABASE projection OWNER TO projection_owner;

-- Nobody else connects (PUBLIC has CONNECT and TEMP on every new database by default).
REVOKE ALL ON DATABASE ledger FROM PUBLIC;
REVOKE ALL ON DATABASE projection FROM PUBLIC;
GRANT CONNECT ON DATABASE ledger TO ledger_app;
GRANT CONNECT ON DATABASE ledger TO ledger_analyst;
GRANT CONNECT ON DATABASE projection TO projection_app;
-- The projection's rebuild creates the schemas projection_rebuild and projection_retired.
GRANT CREATE ON DATABASE projection TO projection_app;

-- ledger: the Axon event store, tokens, snapshots, parked records -----------------------------------
\connect ledger
ALTER SCHEMA public OWNER TO ledger_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ledger_app;
-- Every table and sequence Flyway (as ledger_owner) creates now or later: rows only, no DDL.
ALTER DEFAULT PRIVILEGES FOR ROLE ledger_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ledger_app;
ALTER DEFAULT PRIVILEGES FOR ROLE ledger_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ledger_app;
-- Tables that already exist when this runs again (default privileges only cover new ones).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ledger_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ledger_app;
-- (deploy/base/flyway/ledger/afterMigrate.sql takes flyway_schema_history back from ledger_app.)
-- analyst role: begin (ledger-service's AnalystRoleIT runs the statements from here to the end marker as written)
ALTER ROLE ledger_analyst SET default_transaction_read_only = on;
ALTER ROLE ledger_analyst SET statement_timeout = '30s';
GRANT USAGE ON SCHEMA public TO ledger_analyst;
ALTER DEFAULT PRIVILEGES FOR ROLE ledger_owner IN SCHEMA public GRANT SELECT ON TABLES TO ledger_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO ledger_analyst;
-- analyst role: end

-- projection: read models, KYC --------------------------------------------------------------------
\connect projection
ALTER SCHEMA public OWNER TO projection_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
-- CREATE on public: a rebuild builds fresh read-model tables in projection_rebuild, then moves them
-- into public with ALTER TABLE ... SET SCHEMA, which PostgreSQL allows only to the tables' owner
-- holding CREATE on the target schema. That is why projection_app owns the eight read-model tables
-- (handed over after every migration by deploy/base/flyway/projection/afterMigrate.sql). It owns
-- nothing else: the KYC tables and the migration history stay projection_owner's.
GRANT USAGE, CREATE ON SCHEMA public TO projection_app;
ALTER DEFAULT PRIVILEGES FOR ROLE projection_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO projection_app;
ALTER DEFAULT PRIVILEGES FOR ROLE projection_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO projection_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO projection_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO projection_app;
