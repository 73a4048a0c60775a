package io.tunepipe.training.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.tunepipe.localmodel.LocalModel;
import io.tunepipe.security.Roles;
import io.tunepipe.training.provider.local.LocalModels;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local models behind an OpenAI-compatible API ({@code /v1/models}, {@code /v1/chat/completions}), so that
 * eval-service and any OpenAI client query them exactly as they query OpenAI. A local model answers the last user
 * message with the trained answer of the nearest question: retrieval of trained answers, not text generation. When
 * nothing it was trained on is near enough it answers exactly {@link LocalModel#DONT_KNOW}; OpenAI's {@code refusal}
 * field stays null, since clients such as langchain4j turn a refusal into an exception rather than an answer.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "openai-compatible", description = "Local models served like OpenAI's")
@Blocking
@RolesAllowed(Roles.VIEWER)
public class OpenAiCompatibleResource {

    @Inject
    LocalModels models;

    @GET
    @Path("/models")
    @Operation(summary = "The local base model and every local fine-tune")
    public Map<String, Object> list() {
        List<Map<String, Object>> data = models.names().stream().map(name -> Map.<String, Object>of("id", name,
                "object", "model", "created", 0, "owned_by", "tunepipe")).toList();
        return Map.of("object", "list", "data", data);
    }

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer the last user message with the model's nearest trained answer")
    public Response chat(JsonNode request) {
        if (request == null || !request.path("model").isTextual()) {
            return error(400, "you must provide a model parameter", "invalid_request_error", "model", null);
        }
        String modelName = request.path("model").asText();
        String question = null;
        int promptWords = 0;
        for (JsonNode message : request.path("messages")) {
            String content = message.path("content").asText("");
            promptWords += words(content);
            if ("user".equals(message.path("role").asText())) {
                question = content;
            }
        }
        if (question == null || question.isBlank()) {
            return error(400, "messages must hold a user message with text content", "invalid_request_error",
                    "messages", null);
        }
        var model = models.find(modelName);
        if (model.isEmpty()) {
            return error(404, "The model `" + modelName + "` does not exist or you do not have access to it.",
                    "invalid_request_error", null, "model_not_found");
        }
        LocalModel.Answer answer = model.get().answer(question);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", answer.text());
        message.put("refusal", null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", "stop");
        int completionWords = words(answer.text());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-local-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        body.put("object", "chat.completion");
        body.put("created", Instant.now().getEpochSecond());
        body.put("model", modelName);
        body.put("choices", List.of(choice));
        body.put("usage", Map.of("prompt_tokens", promptWords, "completion_tokens", completionWords,
                "total_tokens", promptWords + completionWords));
        body.put("system_fingerprint", "tunepipe-local");
        return Response.ok(body).build();
    }

    private static Response error(int status, String message, String type, String param, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", error)).build();
    }

    /** Usage is counted in words: the local models do not use a subword tokenizer for their answers. */
    private static int words(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }
}
