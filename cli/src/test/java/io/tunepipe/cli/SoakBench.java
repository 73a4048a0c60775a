package io.tunepipe.cli;

import io.tunepipe.cli.RunningStack.Dataset;
import io.tunepipe.cli.RunningStack.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 17's soak: 20 datasets of 30 rows of the sample submitted at once to {@code tunepipe up} with two instances of
 * every service; prints their end-to-end latency (upload to summary) p50/p95 and each process's peak resident memory.
 * Run after {@code ./mvnw install -DskipTests}:
 * <pre>
 * ./mvnw -q -pl cli exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath io.tunepipe.cli.SoakBench"
 * </pre>
 * {@code -Dsoak.datasets=} and {@code -Dsoak.instances=} (JVM options) change the 20 and the 2.
 */
public final class SoakBench {

    private SoakBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("soak.datasets", 20);
        int instances = Integer.getInteger("soak.instances", 2);
        Path dir = Files.createTempDirectory("tunepipe-soak");
        try (RunningStack stack = RunningStack.start(dir.resolve("home"), instances)) {
            List<Dataset> tiny = new ChaosDatasets(dir.resolve("files")).soak(count);
            long started = System.nanoTime();
            Map<String, Run> runs = stack.runAll(tiny, true);
            long wall = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            List<Long> seconds = new ArrayList<>();
            int completed = 0;
            for (Map.Entry<String, Run> e : runs.entrySet()) {
                seconds.add(e.getValue().latency().toSeconds());
                if (e.getValue().summary().judged()) {
                    completed++;
                } else {
                    System.out.println("soak: " + e.getKey() + " failed: " + e.getValue().summary().failure());
                }
            }
            seconds.sort(null);
            System.out.printf(Locale.ROOT, "soak: %d datasets of 30 rows at once through %d instance(s) of each"
                    + " service: %d completed in %d s; latency p50 %d s, p95 %d s, max %d s%n", count, instances,
                    completed, wall, percentile(seconds, 0.50), percentile(seconds, 0.95),
                    seconds.get(seconds.size() - 1));
            stack.printPeakRss(System.out);
        }
        System.exit(0);
    }

    /** The nearest-rank percentile of sorted values. */
    private static long percentile(List<Long> sorted, double p) {
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }
}
