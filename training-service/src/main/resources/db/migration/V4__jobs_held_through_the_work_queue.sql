-- Which instance runs a job is now the shared work queue's business (work_items, from messaging-support): jobs
-- between their admission and a final state are queued there, to be held from their recorded state by the instance
-- that claims them, and the job's own lease columns go. Queued jobs wait here for their provider's free slots.
INSERT INTO work_items (kind, item_key, status)
SELECT 'training', id, 'QUEUED' FROM training_jobs
WHERE status IN ('PREPARING', 'SUBMITTED', 'VALIDATING_FILES', 'PROVIDER_QUEUED', 'RUNNING')
ON CONFLICT DO NOTHING;
ALTER TABLE training_jobs DROP COLUMN lease_owner;
ALTER TABLE training_jobs DROP COLUMN lease_until;
