-- Flyway callback (runs as projection_owner after every migrate; mounted from deploy/, not in the jar).
-- The read-model tables a rebuild replaces (ShadowSchema.TABLES) belong to projection_app: the
-- rebuild swaps them with ALTER TABLE ... SET SCHEMA, which only their owner may do. Idempotent; after
-- a rebuild they already belong to projection_app. DeployConfigurationTest keeps this list and
-- ShadowSchema.TABLES equal.
ALTER TABLE IF EXISTS projection_position OWNER TO projection_app;
ALTER TABLE IF EXISTS wallet_balance OWNER TO projection_app;
ALTER TABLE IF EXISTS wallet_transaction OWNER TO projection_app;
ALTER TABLE IF EXISTS card OWNER TO projection_app;
ALTER TABLE IF EXISTS card_authorization OWNER TO projection_app;
ALTER TABLE IF EXISTS authorization_history OWNER TO projection_app;
ALTER TABLE IF EXISTS projection_gap OWNER TO projection_app;
ALTER TABLE IF EXISTS projection_skipped_event OWNER TO projection_app;
ALTER TABLE IF EXISTS card_chargeback OWNER TO projection_app;
REVOKE ALL ON TABLE flyway_schema_history FROM projection_app;
