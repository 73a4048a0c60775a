-- Which instance works on a run is now the shared work queue's business (work_items, from messaging-support):
-- unfinished runs are queued there, and the run's own claim columns go.
INSERT INTO work_items (kind, item_key, status)
SELECT 'augmentation', dataset_id, 'QUEUED' FROM augmentation_runs WHERE status IN ('PENDING', 'RUNNING')
ON CONFLICT DO NOTHING;
ALTER TABLE augmentation_runs DROP COLUMN owner;
ALTER TABLE augmentation_runs DROP COLUMN lease_until;
