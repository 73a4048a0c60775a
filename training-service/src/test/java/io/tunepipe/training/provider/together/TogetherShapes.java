package io.tunepipe.training.provider.together;

/** JSON bodies shaped like Together AI's answers (file, fine-tune job, events, checkpoints, error envelope). */
public final class TogetherShapes {

    private TogetherShapes() {
    }

    public static String file(String id, String filename) {
        return """
                {"id": "%s", "object": "file", "created_at": 1715021438, "filename": "%s", "bytes": 2664,
                 "purpose": "fine-tune", "Processed": true, "FileType": "jsonl", "LineCount": 12}"""
                .formatted(id, filename);
    }

    /** A FinetuneResponse; {@code outputName} null before Together names the model. */
    public static String job(String id, String status, String outputName, Long tokens, String events) {
        return """
                {"id": "%s", "status": "%s", "user_id": "user_0123", "created_at": "2026-11-17T17:35:45.123Z",
                 "updated_at": "2026-11-17T18:46:23.456Z", "model": "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
                 "model_output_name": %s, "training_file": "file-train", "n_epochs": 3, "n_checkpoints": 1,
                 "batch_size": "max", "learning_rate": 0.00001, "token_count": %s, "total_price": 1500,
                 "training_type": {"type": "Lora", "lora_r": 8, "lora_alpha": 16}, "events": [%s]}"""
                .formatted(id, status, outputName == null ? "null" : "\"" + outputName + "\"",
                        tokens == null ? "null" : tokens, events == null ? "" : events);
    }

    public static String list(String... items) {
        return "{\"data\": [" + String.join(",", items) + "]}";
    }

    public static String event(String createdAt, String level, String type, String message, Long step) {
        return """
                {"object": "fine-tune-event", "created_at": "%s", "level": "%s", "type": "%s", "message": "%s",
                 "step": %s, "total_steps": 72, "param_count": 0, "token_count": 0, "wandb_url": "",
                 "checkpoint_path": "", "model_path": "", "training_offset": 0, "hash": ""}"""
                .formatted(createdAt, level, type, message, step == null ? "null" : step);
    }

    public static String checkpoint(long step, String objectName) {
        return """
                {"checkpoint_type": "Intermediate (step %d)", "created_at": "2026-11-17T18:20:00.000Z",
                 "path": "s3://together-finetune/ft-abc/checkpoint-%d", "step": %d, "checkpoint": "adapter",
                 "object_name": "%s"}""".formatted(step, step, step, objectName);
    }

    public static String error(String type, String message) {
        return """
                {"error": {"message": "%s", "type": "%s", "param": null, "code": null}}""".formatted(message, type);
    }
}
