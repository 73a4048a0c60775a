package io.tunepipe.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON bodies shaped like the OpenAI API's answers (file, fine_tuning.job, events, checkpoints, chat, errors). */
public final class OpenAiShapes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiShapes() {
    }

    public static String file(String id, String filename) {
        return """
                {"id": "%s", "object": "file", "bytes": 1204, "created_at": 1721764800, "filename": "%s",
                 "purpose": "fine-tune"}""".formatted(id, filename);
    }

    /** A fine_tuning.job; {@code tail} adds or overrides fields such as fine_tuned_model or error. */
    public static String job(String id, String status, String submissionKey, String tail) {
        String json = """
                {"object": "fine_tuning.job", "id": "%s", "model": "gpt-4o-mini-2024-07-18",
                 "created_at": 1721764800, "finished_at": null, "fine_tuned_model": null,
                 "organization_id": "org-123", "result_files": [], "status": "%s", "validation_file": "file-val",
                 "training_file": "file-train", "trained_tokens": null, "error": {}, "user_provided_suffix": "faq",
                 "seed": 42, "estimated_finish": null, "integrations": [],
                 "metadata": {"tunepipe_submission": "%s"},
                 "method": {"type": "supervised", "supervised": {"hyperparameters":
                   {"batch_size": "auto", "learning_rate_multiplier": "auto", "n_epochs": 3}}}}"""
                .formatted(id, status, submissionKey);
        if (tail == null) {
            return json;
        }
        try {
            ObjectNode merged = (ObjectNode) JSON.readTree(json);
            merged.setAll((ObjectNode) JSON.readTree("{" + tail + "}"));
            return JSON.writeValueAsString(merged);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String list(String... items) {
        return "{\"object\": \"list\", \"data\": [" + String.join(",", items) + "], \"has_more\": false}";
    }

    public static String event(String id, long createdAt, String type, String message, String data) {
        return """
                {"object": "fine_tuning.job.event", "id": "%s", "created_at": %d, "level": "info",
                 "message": "%s", "data": %s, "type": "%s"}""".formatted(id, createdAt, message, data, type);
    }

    public static String checkpoint(String id, String jobId, long step, double trainLoss, double validLoss) {
        return """
                {"object": "fine_tuning.job.checkpoint", "id": "%s", "created_at": 1721764867,
                 "fine_tuned_model_checkpoint": "ft:gpt-4o-mini-2024-07-18:org:faq:7p4lURel:ckpt-step-%d",
                 "fine_tuning_job_id": "%s", "step_number": %d,
                 "metrics": {"step": %d, "train_loss": %s, "train_mean_token_accuracy": 0.81, "valid_loss": %s,
                   "valid_mean_token_accuracy": 0.79, "full_valid_loss": %s, "full_valid_mean_token_accuracy": 0.8}}"""
                .formatted(id, step, jobId, step, step, trainLoss, validLoss, validLoss);
    }

    /** A chat.completion, as every provider's OpenAI-compatible endpoint answers evaluation. */
    public static String chatCompletion(String model, String text) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1763404800, "model": "%s",
                 "choices": [{"index": 0, "finish_reason": "stop",
                   "message": {"role": "assistant", "content": "%s"}}],
                 "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}}"""
                .formatted(model, text);
    }

    public static String error(String type, String code, String message) {
        return """
                {"error": {"message": "%s", "type": "%s", "param": null, "code": %s}}"""
                .formatted(message, type, code == null ? "null" : "\"" + code + "\"");
    }
}
