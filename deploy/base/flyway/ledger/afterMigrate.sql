-- Flyway callback (runs as ledger_owner after every migrate; mounted from deploy/, not in the jar).
-- ledger_app reads and writes rows; it has no business with the migration history.
REVOKE ALL ON TABLE flyway_schema_history FROM ledger_app;
REVOKE ALL ON TABLE flyway_schema_history FROM ledger_analyst;
