-- How many times an ingest of the dataset has started: a file that kills the service (out of memory) is not
-- resumed forever, it is rejected after a few starts.
ALTER TABLE datasets ADD COLUMN attempts INT NOT NULL DEFAULT 0;
