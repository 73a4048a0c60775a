CREATE TABLE datasets (
    id               VARCHAR(64)  PRIMARY KEY,
    name             VARCHAR(500) NOT NULL,
    source           VARCHAR(20)  NOT NULL,
    file_path        TEXT         NOT NULL,
    mapping          TEXT         NOT NULL,
    content_hash     VARCHAR(64),
    status           VARCHAR(20)  NOT NULL,
    reason           TEXT,
    encoding         VARCHAR(40),
    delimiter        VARCHAR(4),
    rows_read        BIGINT       NOT NULL DEFAULT 0,
    train_count      BIGINT       NOT NULL DEFAULT 0,
    validation_count BIGINT       NOT NULL DEFAULT 0,
    test_count       BIGINT       NOT NULL DEFAULT 0,
    rejected_count   BIGINT       NOT NULL DEFAULT 0,
    rejected_by_reason TEXT,
    duplicates       BIGINT       NOT NULL DEFAULT 0,
    conflicts        BIGINT       NOT NULL DEFAULT 0,
    batch_count      INT          NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX datasets_content_hash ON datasets (content_hash);

CREATE TABLE rejected_rows (
    dataset_id  VARCHAR(64)  NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    seq         BIGSERIAL,
    line        BIGINT       NOT NULL,
    reason      VARCHAR(60)  NOT NULL,
    detail      TEXT,
    raw         TEXT,
    PRIMARY KEY (dataset_id, seq)
);
