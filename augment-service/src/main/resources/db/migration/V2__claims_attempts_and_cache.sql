-- Which instance works on a run and until when its claim holds; re-runs count attempts (event ids include it).
ALTER TABLE augmentation_runs ADD COLUMN attempt INT NOT NULL DEFAULT 1;
ALTER TABLE augmentation_runs ADD COLUMN owner VARCHAR(64);
ALTER TABLE augmentation_runs ADD COLUMN lease_until TIMESTAMPTZ;
-- Questions the paraphraser could not paraphrase, by reason, as JSON.
ALTER TABLE augmentation_runs ADD COLUMN failed TEXT;

-- Rewordings bought from an LLM, so that a re-run of the same questions with the same model and prompt costs nothing.
CREATE TABLE paraphrase_cache (
    cache_key      CHAR(64)     PRIMARY KEY,
    model          VARCHAR(200) NOT NULL,
    prompt_version VARCHAR(20)  NOT NULL,
    question       TEXT         NOT NULL,
    candidates     TEXT         NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
