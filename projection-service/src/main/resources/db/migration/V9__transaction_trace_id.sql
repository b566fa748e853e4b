-- W3C trace context (issue 23, docs/adr/0012-trace-context.md): the trace id (32 hex) of the webhook that
-- caused each transaction line, from the traceparent header of its ledger-events record. NULL for lines
-- recorded without one (before trace context existed, or by an API call). No default: nothing is rewritten.
ALTER TABLE wallet_transaction ADD COLUMN trace_id TEXT;
