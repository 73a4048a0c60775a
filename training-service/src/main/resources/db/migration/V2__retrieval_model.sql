-- The provider's retrieval baseline over the same training data (the local provider serves one), for evaluation.
ALTER TABLE training_jobs ADD COLUMN retrieval_model VARCHAR(500);
