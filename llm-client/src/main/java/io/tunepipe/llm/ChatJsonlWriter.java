package io.tunepipe.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes question/answer pairs as OpenAI chat-format JSONL, one {@code {"messages":[system?, user, assistant]}} per
 * line, the format of fine-tuning files; a pair's own system prompt wins over the default one.
 */
public final class ChatJsonlWriter implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;
    private final String defaultSystem;
    private int lines;

    /** Writes to {@code out}; {@code defaultSystem} (may be null) goes on pairs that have no system prompt. */
    public ChatJsonlWriter(Writer out, String defaultSystem) {
        this.out = out;
        this.defaultSystem = defaultSystem == null || defaultSystem.isBlank() ? null : defaultSystem;
    }

    /** Creates (or replaces) {@code file}, and its folders. */
    public static ChatJsonlWriter to(Path file, String defaultSystem) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new ChatJsonlWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), defaultSystem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** One line; {@code system} may be null or blank. */
    public void write(String system, String user, String assistant) {
        ObjectNode line = JSON.createObjectNode();
        ArrayNode messages = line.putArray("messages");
        String s = system != null && !system.isBlank() ? system : defaultSystem;
        if (s != null) {
            messages.addObject().put("role", "system").put("content", s);
        }
        messages.addObject().put("role", "user").put("content", user);
        messages.addObject().put("role", "assistant").put("content", assistant);
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
