package io.tunepipe.training.provider.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.localmodel.TrainingPair;
import io.tunepipe.training.provider.ProviderException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The training files uploaded to the local provider: chat JSONL kept on disk, read back as question-answer pairs. */
@ApplicationScoped
public class LocalFiles {

    @Inject
    LocalConfig config;
    @Inject
    ObjectMapper json;

    /** Stores a copy of the file; returns its id. */
    public String upload(Path jsonl) {
        String id = "file-local-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            Files.createDirectories(dir());
            Files.copy(jsonl, dir().resolve(id + ".jsonl"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ProviderException("upload_failed", "cannot store " + jsonl + ": " + e.getMessage(), 0, true,
                    null, e);
        }
        return id;
    }

    /** The user question and assistant answer of each line; {@link InvalidTrainingFile} when one lacks either. */
    public List<TrainingPair> pairs(String fileId) throws IOException {
        Path file = dir().resolve(fileId + ".jsonl");
        if (!Files.exists(file)) {
            throw new InvalidTrainingFile("file " + fileId + " is not here");
        }
        List<TrainingPair> pairs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            int lineNumber = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String question = null;
                String answer = null;
                for (JsonNode message : json.readTree(line).path("messages")) {
                    String role = message.path("role").asText();
                    if (role.equals("user")) {
                        question = message.path("content").asText();
                    } else if (role.equals("assistant")) {
                        answer = message.path("content").asText();
                    }
                }
                if (question == null || answer == null) {
                    throw new InvalidTrainingFile("line " + lineNumber + " of " + fileId
                            + " has no user or no assistant message");
                }
                pairs.add(new TrainingPair(question, answer));
            }
        }
        return pairs;
    }

    private Path dir() {
        return Path.of(config.dataDir()).resolve("files");
    }

    /** A training file the local trainer cannot read. */
    static final class InvalidTrainingFile extends RuntimeException {
        InvalidTrainingFile(String message) {
            super(message);
        }
    }
}
