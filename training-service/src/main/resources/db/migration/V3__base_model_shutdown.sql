-- The day the provider shuts the job's base model down, when it has announced one (OpenAI's shutdown_date).
ALTER TABLE training_jobs ADD COLUMN base_model_shutdown_date DATE;
