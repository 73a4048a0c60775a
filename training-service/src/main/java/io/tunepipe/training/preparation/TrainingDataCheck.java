package io.tunepipe.training.preparation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.training.preparation.ChatTokenCounter.ChatMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAI Cookbook's checks of a chat-format training file (format errors, examples over the token limit, the
 * minimum number of examples) and its cost estimate: billed tokens = tokens per example (capped at the limit) x
 * epochs, with epochs chosen as the Cookbook does when "auto".
 */
public final class TrainingDataCheck {

    static final int TARGET_EPOCHS = 3;
    static final int MIN_TARGET_EXAMPLES = 100;
    static final int MAX_TARGET_EXAMPLES = 25_000;
    static final int MIN_DEFAULT_EPOCHS = 1;
    static final int MAX_DEFAULT_EPOCHS = 25;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MESSAGE_KEYS = Set.of("role", "content", "name", "function_call", "weight");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "function");

    private final ChatTokenCounter tokens;
    private final DataRules rules;

    public TrainingDataCheck(ChatTokenCounter tokens, DataRules rules) {
        this.tokens = tokens;
        this.rules = rules;
    }

    /** Checks the training file, and the validation file when there is one (it may be null). */
    public DataReport check(Path training, Path validation, Hyperparameters hyperparameters) {
        FileFacts train = read(training);
        FileFacts valid = validation == null ? FileFacts.EMPTY : read(validation);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (!train.formatErrors.isEmpty()) {
            problems.add("training file has format errors: " + train.formatErrors);
        }
        if (!valid.formatErrors.isEmpty()) {
            problems.add("validation file has format errors: " + valid.formatErrors);
        }
        if (train.examples < rules.minExamples()) {
            problems.add("training file has " + train.examples + " examples; at least " + rules.minExamples()
                    + " are required");
        }
        if (train.overLimit > 0) {
            warnings.add(train.overLimit + " training examples exceed " + rules.maxTokensPerExample()
                    + " tokens and will be truncated");
        }
        int epochs = hyperparameters.epochs().orElse(defaultEpochs(train.examples));
        long billedTokens = train.billingTokens * epochs;
        return new DataReport(train.examples, valid.examples, train.formatErrors, valid.formatErrors, train.overLimit,
                train.maxTokens, train.assistantTokens, train.billingTokens, epochs, billedTokens, problems, warnings);
    }

    /** Epochs as the Cookbook chooses them when "auto": 3, raised for small and lowered for large files. */
    public static int defaultEpochs(int examples) {
        if (examples <= 0) {
            return TARGET_EPOCHS;
        }
        if ((long) examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES) {
            return Math.min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES / examples);
        }
        if ((long) examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES) {
            return Math.max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES / examples);
        }
        return TARGET_EPOCHS;
    }

    private FileFacts read(Path file) {
        FileFacts facts = new FileFacts();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    facts.examples++;
                    example(line, facts);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return facts;
    }

    private void example(String line, FileFacts facts) {
        JsonNode ex;
        try {
            ex = JSON.readTree(line);
        } catch (IOException e) {
            facts.error("data_type");
            return;
        }
        if (ex == null || !ex.isObject()) {
            facts.error("data_type");
            return;
        }
        JsonNode messages = ex.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            facts.error("missing_messages_list");
            return;
        }
        List<ChatMessage> chat = messages(messages, facts);
        if (chat.stream().noneMatch(m -> "assistant".equals(m.role()))) {
            facts.error("example_missing_assistant_message");
        }
        int n = tokens.count(chat);
        facts.maxTokens = Math.max(facts.maxTokens, n);
        if (n > rules.maxTokensPerExample()) {
            facts.overLimit++;
        }
        facts.billingTokens += Math.min(n, rules.maxTokensPerExample());
        facts.assistantTokens += tokens.countAssistant(chat);
    }

    /** The example's messages, each checked as OpenAI checks it; the faults found go to {@code facts}. */
    private static List<ChatMessage> messages(JsonNode messages, FileFacts facts) {
        List<ChatMessage> chat = new ArrayList<>();
        for (JsonNode m : messages) {
            if (!m.isObject() || !m.has("role") || !m.has("content")) {
                facts.error("message_missing_key");
                continue;
            }
            m.fieldNames().forEachRemaining(k -> {
                if (!MESSAGE_KEYS.contains(k)) {
                    facts.error("message_unrecognized_key");
                }
            });
            String role = m.get("role").asText();
            if (!ROLES.contains(role)) {
                facts.error("unrecognized_role");
            }
            JsonNode content = m.get("content");
            if (!content.isTextual() || content.asText().isBlank()) {
                facts.error("missing_content");
            }
            chat.add(new ChatMessage(role, content.asText()));
        }
        return chat;
    }

    /** What one file holds, gathered in one pass. */
    private static final class FileFacts {
        static final FileFacts EMPTY = new FileFacts();
        final Map<String, Integer> formatErrors = new TreeMap<>();
        int examples;
        int overLimit;
        int maxTokens;
        long assistantTokens;
        long billingTokens;

        void error(String kind) {
            formatErrors.merge(kind, 1, Integer::sum);
        }
    }
}
