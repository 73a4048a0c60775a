package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.ColumnMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which column plays which role, by an explicit mapping or by header names; names are compared without case,
 * spaces or punctuation, so {@code Question_Text} matches {@code question text}.
 */
record ColumnRoles(int question, int answer, int system, int id, int split, int group, List<Integer> variants) {

    static final int ABSENT = -1;

    private static final Map<String, Set<String>> NAMES = Map.of(
            "question", Set.of("question", "questions", "prompt", "prompts", "input", "inputs", "query", "instruction"),
            "answer", Set.of("answer", "answers", "completion", "completions", "output", "outputs", "response",
                    "responses", "reply"),
            "system", Set.of("system", "systemprompt", "systemmessage"),
            "id", Set.of("id", "identifier", "key", "rowid"),
            "split", Set.of("split", "subset", "partition"),
            "group", Set.of("group", "groupid", "cluster"),
            "variants", Set.of("variants", "rewordings", "paraphrases", "alternatives"));

    static ColumnRoles resolve(List<String> header, ColumnMapping mapping) throws UnreadableFileException {
        List<String> keys = header.stream().map(ColumnRoles::key).toList();
        int question = column("question", mapping.question(), header, keys);
        int answer = column("answer", mapping.answer(), header, keys);
        if (question == ABSENT || answer == ABSENT) {
            throw new UnreadableFileException("No column could be used as the " + (question == ABSENT ? "question"
                    : "answer") + ": found columns " + header + ". Name them with a column mapping"
                    + " (question=..., answer=...).");
        }
        List<Integer> variants = new ArrayList<>();
        if (mapping.variants().isEmpty()) {
            int detected = find(NAMES.get("variants"), keys);
            if (detected != ABSENT) {
                variants.add(detected);
            }
        } else {
            for (String name : mapping.variants()) {
                variants.add(named("variants", name, header, keys));
            }
        }
        return new ColumnRoles(question, answer, column("system", mapping.system(), header, keys),
                column("id", mapping.id(), header, keys), column("split", mapping.split(), header, keys),
                column("group", mapping.group(), header, keys), List.copyOf(variants));
    }

    private static int column(String role, String mapped, List<String> header, List<String> keys)
            throws UnreadableFileException {
        return mapped != null ? named(role, mapped, header, keys) : find(NAMES.get(role), keys);
    }

    private static int named(String role, String name, List<String> header, List<String> keys)
            throws UnreadableFileException {
        int index = keys.indexOf(key(name));
        if (index == ABSENT) {
            throw new UnreadableFileException("The mapping names column '" + name + "' as the " + role
                    + ", but the header has no such column: " + header + ".");
        }
        return index;
    }

    private static int find(Set<String> names, List<String> keys) {
        for (int i = 0; i < keys.size(); i++) {
            if (names.contains(keys.get(i))) {
                return i;
            }
        }
        return ABSENT;
    }

    static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
