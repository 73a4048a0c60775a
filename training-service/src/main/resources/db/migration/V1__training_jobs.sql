-- Fine-tuning jobs: the durable queue. Workers claim due rows with FOR UPDATE SKIP LOCKED and hold a lease
-- while they call the provider outside the transaction.
CREATE TABLE training_jobs (
    id                       VARCHAR(64)  PRIMARY KEY,
    request_key              VARCHAR(200) UNIQUE,
    dataset_id               VARCHAR(64)  NOT NULL,
    provider                 VARCHAR(50)  NOT NULL,
    base_model               VARCHAR(200) NOT NULL,
    n_epochs                 VARCHAR(20)  NOT NULL,
    batch_size               VARCHAR(20)  NOT NULL,
    learning_rate_multiplier VARCHAR(20)  NOT NULL,
    seed                     BIGINT,
    suffix                   VARCHAR(64),
    status                   VARCHAR(20)  NOT NULL,
    status_detail            TEXT,
    submission               INT          NOT NULL,
    submit_started_at        TIMESTAMPTZ,
    training_file_id         VARCHAR(200),
    validation_file_id       VARCHAR(200),
    provider_job_id          VARCHAR(200),
    fine_tuned_model         VARCHAR(500),
    trained_tokens           BIGINT,
    training_examples        INT,
    validation_examples      INT,
    estimated_epochs         INT,
    estimated_billed_tokens  BIGINT,
    error_code               VARCHAR(200),
    error_message            TEXT,
    cancel_requested         BOOLEAN      NOT NULL,
    attempts                 INT          NOT NULL,
    next_attempt_at          TIMESTAMPTZ  NOT NULL,
    lease_owner              VARCHAR(200),
    lease_until              TIMESTAMPTZ,
    created_at               TIMESTAMPTZ  NOT NULL,
    updated_at               TIMESTAMPTZ  NOT NULL
);
CREATE INDEX training_jobs_due ON training_jobs (status, provider, next_attempt_at);
CREATE INDEX training_jobs_by_dataset ON training_jobs (dataset_id);

-- Every status a job went through, with its time.
CREATE TABLE job_transitions (
    id          BIGSERIAL    PRIMARY KEY,
    job_id      VARCHAR(64)  NOT NULL REFERENCES training_jobs (id),
    from_status VARCHAR(20),
    to_status   VARCHAR(20)  NOT NULL,
    detail      TEXT,
    at          TIMESTAMPTZ  NOT NULL
);
CREATE INDEX job_transitions_by_job ON job_transitions (job_id, id);

-- What the provider reported about a job: its event log and its checkpoints with their metrics.
CREATE TABLE job_provider_events (
    job_id      VARCHAR(64)  NOT NULL REFERENCES training_jobs (id),
    event_id    VARCHAR(200) NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    level       VARCHAR(20),
    event_type  VARCHAR(50),
    message     TEXT,
    data        TEXT,
    PRIMARY KEY (job_id, event_id)
);

CREATE TABLE job_checkpoints (
    job_id          VARCHAR(64)  NOT NULL REFERENCES training_jobs (id),
    checkpoint_id   VARCHAR(200) NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    step_number     BIGINT       NOT NULL,
    model           VARCHAR(500),
    metrics         TEXT,
    PRIMARY KEY (job_id, checkpoint_id)
);
