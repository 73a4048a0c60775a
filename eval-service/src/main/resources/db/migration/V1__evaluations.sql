CREATE TABLE evaluations (
    id               VARCHAR(64)  PRIMARY KEY,
    job_id           VARCHAR(64)  UNIQUE,
    dataset_id       VARCHAR(64)  NOT NULL,
    provider         VARCHAR(60)  NOT NULL,
    base_model       VARCHAR(300) NOT NULL,
    fine_tuned_model VARCHAR(300) NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    reason           TEXT,
    questions        INT          NOT NULL DEFAULT 0,
    summaries        TEXT,
    promoted         BOOLEAN,
    verdict_metric   VARCHAR(40),
    verdict_margin   DOUBLE PRECISION,
    verdict_delta    DOUBLE PRECISION,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at     TIMESTAMPTZ
);
CREATE INDEX evaluations_dataset ON evaluations (dataset_id, created_at);

-- One row per held-out question and model, so the report can show every answer.
CREATE TABLE evaluation_answers (
    evaluation_id VARCHAR(64)  NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    role          VARCHAR(20)  NOT NULL,
    seq           INT          NOT NULL,
    example_id    VARCHAR(200) NOT NULL,
    question      TEXT         NOT NULL,
    reference     TEXT         NOT NULL,
    rewording     BOOLEAN      NOT NULL,
    answer        TEXT,
    error         TEXT,
    latency_ms    BIGINT       NOT NULL,
    exact_match   BOOLEAN      NOT NULL,
    token_f1      DOUBLE PRECISION NOT NULL,
    similarity    DOUBLE PRECISION NOT NULL,
    dont_know     BOOLEAN      NOT NULL,
    input_tokens  INT,
    output_tokens INT,
    PRIMARY KEY (evaluation_id, role, seq)
);
