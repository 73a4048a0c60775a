-- Each example's place in the order its dataset's examples were written (the examples table itself comes from
-- messaging-support): an examples-ingested event waits in the outbox as a range of these, not as a copy of the text.
ALTER TABLE examples ADD COLUMN ordinal BIGINT;
CREATE INDEX examples_by_ordinal ON examples (dataset_id, ordinal);
-- Ingest writes a dataset's examples once, in bulk, and reads a split back rarely (the JSONL download, which walks
-- the primary key in id order anyway): the split index would cost every row of every ingest for little.
DROP INDEX examples_by_split;
