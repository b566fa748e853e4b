-- Which card each PayCaddy notification belongs to, so that an analyst who has only a notification id (or
-- only a c11) finds its status without the card id and without a scan of the event store
-- (io.cardledger.ledger.lookup.NotificationLookup). Kept, like analyst_anomaly, by the outbox's processor:
-- the anomalies projection collects (notification id, card, c11) of every CardNotificationRecorded and
-- NotificationAwaitingCard it reads anyway and inserts them with its batch's changes (ADR 0006).
-- Narrow and cheap to append on the ledger's hot path: the notification id is kept as its 64-bit hash
-- (hashtextextended(id, 0)) with a plain index, no primary key and no ON CONFLICT (a repeat, from a notification
-- with two movements or a batch written twice, is a duplicate row the look-up's DISTINCT absorbs). A hash
-- collision costs a look-up one more card stream to read: the card's own stream decides. Measured on PostgreSQL
-- 15, 300,000 rows in batches of 1,000: 4.6 us of server time per row, against 10 us for a text primary key
-- with ON CONFLICT DO NOTHING and a c11 index.
CREATE TABLE notification_index (
    id_hash BIGINT NOT NULL,  -- hashtextextended(notification id, 0)
    card_id TEXT   NOT NULL,
    c11     TEXT              -- trimmed; NULL when the notification has none
);
CREATE INDEX notification_index_by_id ON notification_index (id_hash);
CREATE INDEX notification_index_by_c11 ON notification_index (c11) WHERE c11 IS NOT NULL;

-- A ledger that already has events fills the index once, by the anomalies' rebuild (AnomalyReplay), which
-- replays the stored events through the projection without publishing anything twice.
INSERT INTO analyst_anomaly_replay (id, after_index)
SELECT 1, -1
WHERE EXISTS (SELECT 1 FROM tokenentry WHERE processorname = 'ledger-publisher' AND token IS NOT NULL)
ON CONFLICT (id) DO UPDATE SET after_index = -1;
