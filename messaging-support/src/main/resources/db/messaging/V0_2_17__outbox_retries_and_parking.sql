-- A row whose send failed is retried later (retry_at) and, after tunepipe.outbox.max-attempts failures, parked with
-- the last failure as its reason: the relay skips parked rows, and the console shows them. The version sits between
-- the module's own (0.x) and below each service's (1 and up), so it is applied out of order on existing databases.
ALTER TABLE outbox_events
    ADD COLUMN attempts   INT NOT NULL DEFAULT 0,
    ADD COLUMN last_error TEXT,
    ADD COLUMN retry_at   TIMESTAMPTZ,
    ADD COLUMN parked_at  TIMESTAMPTZ;
-- The rows of a key behind one that failed wait for it (see OutboxRepository#claimOldest): failing rows are few.
CREATE INDEX outbox_events_failing ON outbox_events (topic, record_key, id) WHERE attempts > 0 AND parked_at IS NULL;
CREATE INDEX outbox_events_parked ON outbox_events (id) WHERE parked_at IS NOT NULL;
