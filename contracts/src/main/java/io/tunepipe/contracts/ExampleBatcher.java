package io.tunepipe.contracts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a stream of examples into batches that stay well under Kafka's default 1 MB message limit.
 * A batch closes at {@code maxExamples} examples or when its text reaches {@code maxBytes}.
 */
public final class ExampleBatcher {

    /** Kafka's default limit is 1 MiB; a quarter leaves room for JSON escaping and headers. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_EXAMPLES = 500;

    private final int maxExamples;
    private final int maxBytes;
    private final Consumer<List<Example>> sink;
    private List<Example> current = new ArrayList<>();
    private int currentBytes;
    private int batchesEmitted;

    public ExampleBatcher(int maxExamples, int maxBytes, Consumer<List<Example>> sink) {
        this.maxExamples = maxExamples;
        this.maxBytes = maxBytes;
        this.sink = sink;
    }

    public ExampleBatcher(Consumer<List<Example>> sink) {
        this(DEFAULT_MAX_EXAMPLES, DEFAULT_MAX_BYTES, sink);
    }

    public void add(Example example) {
        int size = estimatedBytes(example);
        if (!current.isEmpty() && (current.size() >= maxExamples || currentBytes + size > maxBytes)) {
            flush();
        }
        current.add(example);
        currentBytes += size;
    }

    /** Emits what is pending; call once at the end. */
    public void flush() {
        if (current.isEmpty()) {
            return;
        }
        sink.accept(current);
        batchesEmitted++;
        current = new ArrayList<>();
        currentBytes = 0;
    }

    public int batchesEmitted() {
        return batchesEmitted;
    }

    /** UTF-8 size of the text plus a fixed allowance for ids and field names; escaping may add up to 2x. */
    static int estimatedBytes(Example e) {
        return 2 * (utf8(e.prompt()) + utf8(e.completion()) + utf8(e.system()))
                + utf8(e.id()) + utf8(e.groupId()) + utf8(e.sourceId()) + 160;
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
