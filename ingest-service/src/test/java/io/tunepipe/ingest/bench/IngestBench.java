package io.tunepipe.ingest.bench;

import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.Example;
import io.tunepipe.ingest.pipeline.IngestPipeline;
import io.tunepipe.ingest.pipeline.IngestResult;
import io.tunepipe.ingest.pipeline.IngestSettings;
import io.tunepipe.ingest.pipeline.IngestSink;
import io.tunepipe.ingest.pipeline.RejectedRow;
import io.tunepipe.ingest.pipeline.StepCosts;
import io.tunepipe.localstack.ServiceJvm;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Ingest speed on a generated 1,000,000-row CSV (about 150 MB, quoted fields, multi-line answers, some
 * duplicates), in a JVM capped at 256 MB of heap: the bare parse by Commons CSV and by FastCSV, on one thread; the
 * whole pipeline (parse, clean, validate, dedupe, split) as the service runs it, on two threads (parsing and cleaning
 * on one, the rest on the other), against the faster of the two; each the median of 5 rounds; what each step of
 * the pipeline costs alone on one thread ({@link StepCosts}), beside the time a row that 80% of the bare parse on two
 * threads leaves; then the whole ingest through a packaged ingest-service, started as {@code tunepipe up} starts it
 * ({@link ServiceJvm}) with its heap capped at 256 MB, into a real Kafka and PostgreSQL: 5 rounds of the file (each
 * with its first row's id made unique, so it is new content), their median, and that process's peak resident memory
 * over them. Run after
 * {@code ./mvnw install -DskipTests}:
 * <pre>
 * ./mvnw -q -pl ingest-service exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-Xmx256m -cp %classpath io.tunepipe.ingest.bench.IngestBench"
 * </pre>
 * With {@code -Dingest.bench.service-jfr=FILE} among the JVM options, the service records a flight recording there;
 * {@code -Dingest.bench.service-jvm="OPTIONS"} adds JVM options (space-separated) to the service's command line.
 */
public final class IngestBench {

    private static final int ROWS = 1_000_000;

    static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "target/bench/ingest-1m.csv");
        if (!Files.exists(csv)) {
            generate(csv);
        }
        System.out.printf("file %s: %.0f MB, %,d rows; max heap %d MB%n", csv, Files.size(csv) / 1e6, ROWS,
                Runtime.getRuntime().maxMemory() >> 20);

        // the three in turn, several rounds, medians reported: one pass of each swings by a fifth on a shared machine
        double[] commons = new double[ROUNDS];
        double[] fast = new double[ROUNDS];
        double[] full = new double[ROUNDS];
        IngestResult result = null;
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            commons[round] = commonsParse(csv) / seconds(t0);
            t0 = System.nanoTime();
            fast[round] = fastCsvParse(csv) / seconds(t0);
            t0 = System.nanoTime();
            result = pipeline(csv);
            full[round] = result.rowsRead() / seconds(t0);
            System.out.printf("round %d: bare parse Commons CSV %,.0f rows/s, FastCSV %,.0f rows/s; parse + clean +"
                    + " validate + split %,.0f rows/s%n", round + 1, commons[round], fast[round], full[round]);
        }
        double fastest = Math.max(median(commons), median(fast));
        System.out.printf("bare Commons CSV parse:             %,10.0f rows/s (median of %d)%n", median(commons),
                ROUNDS);
        System.out.printf("bare FastCSV parse:                 %,10.0f rows/s (median of %d)%n", median(fast),
                ROUNDS);
        System.out.printf("parse + clean + validate + split:   %,10.0f rows/s (median of %d, on 2 threads; %.0f%% of"
                + " the fastest bare parse; target 80%%); %s, %d duplicates, rejected %s; peak RSS of this JVM %s%n",
                median(full), ROUNDS, 100 * median(full) / fastest, result.examples(), result.duplicates(),
                result.rejectedByReason(), peakRss(ProcessHandle.current().pid()));
        stepCosts(csv, fastest);

        if (Files.exists(WholeIngestRounds.LAUNCHER)) {
            wholeIngestApart(csv);
        } else {
            System.out.println("whole ingest skipped: " + WholeIngestRounds.LAUNCHER.toAbsolutePath()
                    + " missing (./mvnw package first)");
        }
    }

    /**
     * Prints what each step costs alone ({@link StepCosts}, medians of 5), beside the CPU time a row that the pipeline
     * has on 2 threads at 80% of the fastest bare parse: 2 / (0.8 x that parse's rows a second).
     */
    private static void stepCosts(Path csv, double fastest) throws Exception {
        StepCosts.Costs[] rounds = new StepCosts.Costs[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            rounds[round] = StepCosts.measure(csv);
        }
        double total = median(Arrays.stream(rounds).mapToDouble(StepCosts.Costs::total).toArray());
        System.out.printf("each step alone on 1 thread (ns a row, median of %d): parse %.0f, quoting pass %.0f,"
                + " cleaning %.0f, keys %.0f, ledger %.0f; together %.0f, where 80%% of the fastest bare parse on 2"
                + " threads leaves %.0f%n", ROUNDS, median(rounds, StepCosts.Costs::parse), median(rounds,
                StepCosts.Costs::quoting), median(rounds, StepCosts.Costs::cleaning), median(rounds,
                StepCosts.Costs::keys), median(rounds, StepCosts.Costs::ledger), total, 2e9 / (0.8 * fastest));
    }

    private static double median(StepCosts.Costs[] rounds, ToDoubleFunction<StepCosts.Costs> step) {
        return median(Arrays.stream(rounds).mapToDouble(step).toArray());
    }

    private static long commonsParse(Path csv) throws Exception {
        long rows = 0;
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.RFC4180).get()) {
            for (CSVRecord ignored : parser) {
                rows++;
            }
        }
        return rows - 1;
    }

    private static long fastCsvParse(Path csv) throws Exception {
        long rows = 0;
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CsvReader<CsvRecord> parser = CsvReader.builder().ofCsvRecord(reader)) {
            for (CsvRecord ignored : parser) {
                rows++;
            }
        }
        return rows - 1;
    }

    private static IngestResult pipeline(Path csv) throws Exception {
        try (InputStream in = Files.newInputStream(csv)) {
            return new IngestPipeline(IngestSettings.defaults()).run("bench", in, ColumnMapping.detect(),
                    new IngestSink() {
                        long n;

                        @Override
                        public void example(Example example) {
                            n++;
                        }

                        @Override
                        public void rejected(RejectedRow row) {
                            n++;
                        }
                    });
        }
    }

    /** Runs {@link WholeIngestRounds} in a JVM of its own, passing on the service's JFR file and JVM options. */
    private static void wholeIngestApart(Path csv) throws Exception {
        Process whole = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "-D" + WholeIngestRounds.SERVICE_JFR + "=" + System.getProperty(WholeIngestRounds.SERVICE_JFR, ""),
                "-D" + WholeIngestRounds.SERVICE_JVM + "=" + System.getProperty(WholeIngestRounds.SERVICE_JVM, ""),
                "-cp", System.getProperty("java.class.path"), WholeIngestRounds.class.getName(), csv.toString())
                .inheritIO().start();
        if (whole.waitFor() != 0) {
            throw new IllegalStateException("the whole ingest failed (exit " + whole.exitValue() + ")");
        }
    }

    static String peakRss(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " ")).findFirst().orElse("unknown");
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** About 150 bytes a row: quoted questions with commas, one answer in ten spanning lines, 2% duplicates. */
    private static void generate(Path csv) throws Exception {
        Files.createDirectories(csv.getParent());
        Random random = new Random(7);
        String[] words = ("when where how why what which can should does permit office vaccine travel school "
                + "benefit tax form deadline renew apply card clinic hours child senior worker fee refund").split(" ");
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("id,question,answer\n");
            for (int i = 0; i < ROWS; i++) {
                int n = random.nextInt(ROWS / 50 + 1) == 0 ? Math.max(0, i - 1) : i; // some duplicates
                StringBuilder q = new StringBuilder();
                for (int w = 0; w < 8; w++) {
                    q.append(words[(n * 7 + w * 13) % words.length]).append(w == 3 ? ", " : " ");
                }
                q.append("number ").append(n).append('?');
                String answer = "Answer " + n + ": go to the \"main\" office, bring your card and form " + (n % 97)
                        + (n % 10 == 0 ? ".\nOpen Monday to Friday,\n9 to 5." : ", open weekdays.");
                out.write(Integer.toString(i));
                out.write(",\"");
                out.write(q.toString());
                out.write("\",\"");
                out.write(answer.replace("\"", "\"\""));
                out.write("\"\n");
            }
        }
    }
}
