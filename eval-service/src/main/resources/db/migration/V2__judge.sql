ALTER TABLE evaluation_answers ADD COLUMN judge_choice VARCHAR(1);
ALTER TABLE evaluation_answers ADD COLUMN judge_score DOUBLE PRECISION;
