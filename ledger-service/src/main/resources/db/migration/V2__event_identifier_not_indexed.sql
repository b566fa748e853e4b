-- The event identifier is a random UUID Axon assigns when an event is applied. No query reads by it
-- (aggregates load by aggregateidentifier + sequencenumber, trackers by globalindex, analysts by
-- aggregate or position), yet its unique index took a random-order B-tree insert, and its WAL, for
-- every event. The store's consistency boundary stays the (aggregateidentifier, sequencenumber) key.
ALTER TABLE domainevententry DROP CONSTRAINT IF EXISTS domainevententry_eventidentifier_key;
