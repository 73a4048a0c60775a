-- The one queue of background work of a service (an ingest, an augmentation, an evaluation...): claimed with
-- FOR UPDATE SKIP LOCKED, leased to a live instance that keeps renewing its lease, taken over only once the lease
-- of a dead owner ran out, and failed with a reason after too many starts.
CREATE TABLE work_items (
    kind            text        NOT NULL,
    item_key        text        NOT NULL,
    status          text        NOT NULL,
    owner           text,
    lease_until     timestamptz,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    reason          text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, item_key)
);
CREATE INDEX work_items_due ON work_items (kind, status, next_attempt_at);
CREATE INDEX work_items_owner ON work_items (owner) WHERE owner IS NOT NULL;
