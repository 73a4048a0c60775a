-- Evaluations run as items of the shared work queue (work_items, from messaging-support): the ones running when
-- this version came are queued there, so that they run again instead of being reset at every start.
INSERT INTO work_items (kind, item_key, status)
SELECT 'evaluation', id, 'QUEUED' FROM evaluations WHERE status = 'RUNNING'
ON CONFLICT DO NOTHING;
