-- Which instance ingests a dataset, and how often it started, is now the shared work queue's business (work_items,
-- from messaging-support): unfinished datasets are queued there with their starts so far, and the column goes.
INSERT INTO work_items (kind, item_key, status, attempts)
SELECT 'ingest', id, 'QUEUED', attempts FROM datasets WHERE status IN ('RECEIVED', 'INGESTING')
ON CONFLICT DO NOTHING;
ALTER TABLE datasets DROP COLUMN attempts;
