package io.tunepipe.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChatJsonlWriter}'s chat-format JSONL: one chat per line, a pair's own system prompt winning over the file's,
 * and no system message when both are blank.
 */
class ChatJsonlWriterTest {

    @Test
    void oneChatPerLineThePairsOwnSystemPromptWinning(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out/training.jsonl");
        try (ChatJsonlWriter out = ChatJsonlWriter.to(file, "You answer questions about Québec.")) {
            out.write(null, "Puis-je voyager au Québec ?", "Oui, avec un passeport valide.");
            out.write("Answer in one word.", "Capital of \"Québec\"?", "Québec");
            assertThat(out.lines()).isEqualTo(2);
        }

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(
                "{\"messages\":[{\"role\":\"system\",\"content\":\"You answer questions about Québec.\"},"
                        + "{\"role\":\"user\",\"content\":\"Puis-je voyager au Québec ?\"},"
                        + "{\"role\":\"assistant\",\"content\":\"Oui, avec un passeport valide.\"}]}",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Answer in one word.\"},"
                        + "{\"role\":\"user\",\"content\":\"Capital of \\\"Québec\\\"?\"},"
                        + "{\"role\":\"assistant\",\"content\":\"Québec\"}]}");
    }

    @Test
    void noSystemMessageWhenThereIsNone(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("validation.jsonl");
        try (ChatJsonlWriter out = ChatJsonlWriter.to(file, " ")) {
            out.write(" ", "When was Jonny born?", "In 1971.");
        }

        assertThat(Files.readString(file)).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"When was Jonny born?\"},{\"role\":\"assistant\",\"content\":\"In 1971.\"}]}\n");
    }
}
