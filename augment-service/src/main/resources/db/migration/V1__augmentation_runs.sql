-- One paraphrasing run per dataset, with its progress committed chunk by chunk so that a restart resumes it.
CREATE TABLE augmentation_runs (
    dataset_id   VARCHAR(64)  PRIMARY KEY,
    status       VARCHAR(20)  NOT NULL,
    paraphraser  VARCHAR(20)  NOT NULL,
    total        BIGINT       NOT NULL DEFAULT 0,
    processed    BIGINT       NOT NULL DEFAULT 0,
    last_id      VARCHAR(200),
    generated    BIGINT       NOT NULL DEFAULT 0,
    kept         BIGINT       NOT NULL DEFAULT 0,
    rejected     TEXT,
    batches      INT          NOT NULL DEFAULT 0,
    sample       TEXT,
    reason       TEXT,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
