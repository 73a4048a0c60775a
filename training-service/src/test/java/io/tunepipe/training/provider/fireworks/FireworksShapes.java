package io.tunepipe.training.provider.fireworks;

/** JSON bodies shaped like Fireworks AI's gateway answers (dataset, supervised fine-tuning job, status errors). */
public final class FireworksShapes {

    private FireworksShapes() {
    }

    public static String dataset(String account, String id) {
        return """
                {"name": "accounts/%s/datasets/%s", "displayName": "tunepipe", "createTime": "2026-11-17T17:35:45Z",
                 "state": "UPLOADING", "status": {"code": "OK", "message": ""}, "exampleCount": "12",
                 "userUploaded": {}, "format": "CHAT"}""".formatted(account, id);
    }

    public static String uploaded(String id) {
        return """
                {"id": "%s", "object": "file", "bytes": 2664, "created_at": 1763400945, "filename": "data.jsonl",
                 "purpose": "fine-tune"}""".formatted(id);
    }

    /** A supervised fine-tuning job; {@code statusCode} and {@code message} fill its status. */
    public static String job(String account, String id, String state, String statusCode, String message,
            Integer percent) {
        return """
                {"name": "accounts/%s/supervisedFineTuningJobs/%s", "displayName": "tunepipe %s",
                 "createTime": "2026-11-17T17:35:45Z", "state": "%s", "status": {"code": "%s", "message": "%s"},
                 "createdBy": "ops@acme.example", "outputModel": "accounts/%s/models/%s",
                 "baseModel": "accounts/fireworks/models/llama-v3p1-8b-instruct",
                 "dataset": "accounts/%s/datasets/tp-job-1-training", "epochs": 3, "learningRate": 0.00005,
                 "maxContextLength": 8192, "loraRank": 8, "earlyStop": false, "evalAutoCarveout": false,
                 "jobProgress": %s, "updateTime": "2026-11-17T18:35:45Z"}"""
                .formatted(account, id, id, state, statusCode, message, account, id, account,
                        percent == null ? "null" : """
                                {"percent": %d, "epoch": %d, "inputTokens": 5768}""".formatted(percent, percent / 34));
    }

    public static String deployedModel(String account, String model) {
        return """
                {"name": "accounts/%s/deployedModels/%s-abc", "displayName": "tunepipe", "model": "%s",
                 "state": "DEPLOYED", "serverless": true, "status": {"code": "OK", "message": ""}}"""
                .formatted(account, model.substring(model.lastIndexOf('/') + 1), model);
    }

    /** Google's status, as the gateway answers errors: a numeric code and a message. */
    public static String error(int code, String message) {
        return """
                {"code": %d, "message": "%s", "details": []}""".formatted(code, message);
    }
}
