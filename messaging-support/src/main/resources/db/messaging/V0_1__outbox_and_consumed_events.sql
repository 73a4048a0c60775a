-- Events waiting to be relayed to Kafka, written in the same transaction as the state they announce.
CREATE TABLE outbox_events (
    id          BIGSERIAL PRIMARY KEY,
    event_id    VARCHAR(64)  NOT NULL,
    topic       VARCHAR(200) NOT NULL,
    record_key  VARCHAR(500),
    event_type  VARCHAR(200) NOT NULL,
    source      VARCHAR(200) NOT NULL,
    subject     VARCHAR(500),
    event_time  TIMESTAMPTZ  NOT NULL,
    schema_version INT       NOT NULL,
    payload     TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Ids of events a consumer has already handled, so that a redelivered event changes nothing.
CREATE TABLE consumed_events (
    consumer     VARCHAR(100) NOT NULL,
    event_id     VARCHAR(64)  NOT NULL,
    consumed_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Batches of a dataset received on one stream, and how many the dataset-level event announced.
CREATE TABLE received_batches (
    stream       VARCHAR(100) NOT NULL,
    dataset_id   VARCHAR(64)  NOT NULL,
    batch_index  INT          NOT NULL,
    PRIMARY KEY (stream, dataset_id, batch_index)
);

CREATE TABLE expected_batches (
    stream       VARCHAR(100) NOT NULL,
    dataset_id   VARCHAR(64)  NOT NULL,
    batch_count  INT          NOT NULL,
    PRIMARY KEY (stream, dataset_id)
);
