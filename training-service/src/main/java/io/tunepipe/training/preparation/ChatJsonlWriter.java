package io.tunepipe.training.preparation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tunepipe.contracts.Example;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes examples as OpenAI chat-format JSONL, one {@code {"messages":[system?, user, assistant]}} per line; the
 * example's own system prompt wins over the configured one.
 */
public final class ChatJsonlWriter implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;
    private final String defaultSystem;
    private int lines;

    public ChatJsonlWriter(Path file, String defaultSystem) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        this.defaultSystem = defaultSystem == null || defaultSystem.isBlank() ? null : defaultSystem;
    }

    public void write(Example example) {
        ObjectNode line = JSON.createObjectNode();
        ArrayNode messages = line.putArray("messages");
        String system = example.system() != null && !example.system().isBlank() ? example.system() : defaultSystem;
        if (system != null) {
            messages.addObject().put("role", "system").put("content", system);
        }
        messages.addObject().put("role", "user").put("content", example.prompt());
        messages.addObject().put("role", "assistant").put("content", example.completion());
        try {
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int lines() {
        return lines;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
