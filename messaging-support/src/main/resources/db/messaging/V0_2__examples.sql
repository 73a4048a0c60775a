-- Examples as events carry them, kept in each service's own schema.
CREATE TABLE examples (
    dataset_id  VARCHAR(64)  NOT NULL,
    id          VARCHAR(200) NOT NULL,
    group_id    VARCHAR(200) NOT NULL,
    split       VARCHAR(12)  NOT NULL,
    origin      VARCHAR(12)  NOT NULL,
    source_id   VARCHAR(200),
    prompt      TEXT         NOT NULL,
    completion  TEXT         NOT NULL,
    system      TEXT,
    source_line BIGINT       NOT NULL,
    PRIMARY KEY (dataset_id, id)
);
CREATE INDEX examples_by_split ON examples (dataset_id, split);
