-- The parked record's W3C traceparent header (valid values only; NULL when it had none), so that an
-- analyst's re-drive joins the webhook's trace (docs/adr/0012-trace-context.md).
ALTER TABLE parked_record ADD COLUMN traceparent TEXT;
