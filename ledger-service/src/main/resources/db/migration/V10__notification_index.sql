-- Which card each PayCaddy notification belongs to, so that an analyst who has only a notification id (or
-- only a c11) finds its status without the card id and without a scan of the event store
-- (io.cardledger.ledger.lookup.NotificationLookup). Kept, like analyst_anomaly, by the outbox's processor:
-- the anomalies projection collects (notification id, card, c11) of every CardNotificationRecorded and
-- NotificationAwaitingCard it reads anyway and writes them with its batch's changes (ADR 0006). Rows are
-- only ever added: a notification's card never changes.
CREATE TABLE notification_index (
    notification_id TEXT PRIMARY KEY,
    card_id         TEXT NOT NULL,
    c11             TEXT             -- trimmed; NULL when the notification has none
);
CREATE INDEX notification_index_by_c11 ON notification_index (c11) WHERE c11 IS NOT NULL;

-- A ledger that already has events fills the index once, by the anomalies' rebuild (AnomalyReplay), which
-- replays the stored events through the projection without publishing anything twice.
INSERT INTO analyst_anomaly_replay (id, after_index)
SELECT 1, -1
WHERE EXISTS (SELECT 1 FROM tokenentry WHERE processorname = 'ledger-publisher' AND token IS NOT NULL)
ON CONFLICT (id) DO UPDATE SET after_index = -1;
