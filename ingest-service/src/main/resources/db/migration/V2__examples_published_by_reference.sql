-- Each example's place in the order its dataset's examples were written (the examples table itself comes from
-- messaging-support): an examples-ingested event waits in the outbox as a range of these, not as a copy of the text.
ALTER TABLE examples ADD COLUMN ordinal BIGINT;
CREATE INDEX examples_by_ordinal ON examples (dataset_id, ordinal);
