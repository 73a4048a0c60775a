-- Three models per evaluation (base, base with retrieval, fine-tuned) and a verdict from paired tests that can
-- hold or fail a model; the margin rule is gone.
ALTER TABLE evaluations ADD COLUMN retrieval_model VARCHAR(300);
ALTER TABLE evaluations ADD COLUMN verdict_outcome VARCHAR(10);
ALTER TABLE evaluations ADD COLUMN verdict_p_value DOUBLE PRECISION;
ALTER TABLE evaluations ADD COLUMN retrieval_delta DOUBLE PRECISION;
ALTER TABLE evaluations ADD COLUMN retrieval_p_value DOUBLE PRECISION;
ALTER TABLE evaluations ADD COLUMN beats_retrieval BOOLEAN;
-- The paired comparisons of the fine-tuned model (flips and bootstrap intervals) as JSON.
ALTER TABLE evaluations ADD COLUMN comparisons TEXT;

UPDATE evaluations SET verdict_outcome = CASE WHEN promoted THEN 'PROMOTED' ELSE 'HELD' END,
    reason = 'Decided by the former margin rule, without significance tests.' WHERE promoted IS NOT NULL;
UPDATE evaluations SET verdict_outcome = 'FAILED' WHERE status = 'FAILED';
ALTER TABLE evaluations DROP COLUMN promoted;
ALTER TABLE evaluations DROP COLUMN verdict_margin;

ALTER TABLE evaluation_answers ADD COLUMN probe BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE evaluation_answers ADD COLUMN is_right BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE evaluation_answers SET is_right = exact_match;
