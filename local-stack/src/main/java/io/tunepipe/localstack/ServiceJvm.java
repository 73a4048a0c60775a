package io.tunepipe.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the JVM of a tunepipe service is started beside the local stack, by {@code tunepipe up} and by the benches that
 * start a packaged service, so that what a bench measures is what a user runs: the collector, the heap's shape, the
 * compilers, and the C library's memory arenas.
 */
public final class ServiceJvm {

    /**
     * The serial collector: seven processes share the machine's cores, and the default collector's parallel and
     * concurrent threads cost more CPU than it saves on heaps this size (the demo went from 47.6-48.5 s to 42.9-43.8 s
     * on two cores, with 10% less CPU in all). The heap starts small and gives memory back once it is free
     * (free-ratio bounds), with a young generation of fixed size and wide survivor spaces: ingest-service, five 1M-row
     * ingests at 256 MB of heap, peaked at 381-391 MB resident instead of 479-499 MB with the JVM's default sizing
     * ({@code IngestBench}), at the cost of more full collections (about 1 s of each ingest).
     */
    private static final List<String> MEMORY = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmn32m",
            "-XX:SurvivorRatio=4", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

    /**
     * A service whose work is I/O and native inference gets the quick C1 compiler alone: on two cores, C2 compiling
     * start-up code cost the console, augment and eval about 2.5-4.5 CPU seconds each before they were ready
     * (measured), and their answers are the same. One with hot Java loops keeps C2 for code ten times hotter than its
     * default thresholds: its loops reach them within milliseconds, while C2 time before ready fell from 4.9 s to
     * 0.5 s (ingest) and 5.6 s to 0.7 s (training) in the demo.
     */
    private static final List<String> C1_ONLY = List.of("-XX:TieredStopAtLevel=1");
    private static final List<String> C2_WHEN_HOT = List.of("-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=400000");

    private ServiceJvm() {
    }

    /** The JVM options of a service; {@code javaLoops}: its own work runs hot Java loops, worth C2's cost. */
    public static List<String> options(boolean javaLoops) {
        List<String> options = new ArrayList<>(MEMORY);
        options.addAll(javaLoops ? C2_WHEN_HOT : C1_ONLY);
        return options;
    }

    /**
     * The environment a service process adds: two malloc arenas instead of eight per core, since native memory the
     * JVM's threads spread over arenas of their own stays resident (a 1M-row ingest peaked 12 MB lower).
     */
    public static Map<String, String> environment() {
        return Map.of("MALLOC_ARENA_MAX", "2");
    }
}
