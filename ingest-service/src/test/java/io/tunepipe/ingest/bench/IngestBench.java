package io.tunepipe.ingest.bench;

import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Topics;
import io.tunepipe.ingest.pipeline.IngestPipeline;
import io.tunepipe.ingest.pipeline.IngestResult;
import io.tunepipe.ingest.pipeline.IngestSettings;
import io.tunepipe.ingest.pipeline.IngestSink;
import io.tunepipe.ingest.pipeline.RejectedRow;
import io.tunepipe.localstack.LocalStack;
import io.tunepipe.localstack.ServiceJvm;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TestTokens;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Ingest speed on a generated 1,000,000-row CSV (about 150 MB, quoted fields, multi-line answers, some
 * duplicates), in a JVM capped at 256 MB of heap: the bare parse by Commons CSV and by FastCSV, the whole pipeline
 * (parse, clean, validate, dedupe, split) against the faster of the two, and the whole ingest through a packaged ingest-service (also capped at 256 MB) into
 * a real Kafka and PostgreSQL, with that process's peak resident memory. Run after {@code ./mvnw install -DskipTests}:
 * <pre>
 * ./mvnw -q -pl ingest-service exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-Xmx256m -cp %classpath io.tunepipe.ingest.bench.IngestBench"
 * </pre>
 * With {@code -Dingest.bench.service-jfr=FILE} among the JVM options, the service records a flight recording there;
 * {@code -Dingest.bench.service-jvm="OPTIONS"} adds JVM options (space-separated) to the service's command line.
 */
public final class IngestBench {

    private static final int ROWS = 1_000_000;
    private static final int ROUNDS = 5;

    /** Run with this first argument, the bench only does the whole ingest (see {@link #wholeIngestApart}). */
    private static final String WHOLE_INGEST = "--whole-ingest";
    private static final Path LAUNCHER = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final String CLASS_ARCHIVE = "app-cds.jsa";
    /** A file name: the packaged service records a flight recording (JFR, profile settings) there. */
    private static final String SERVICE_JFR = "ingest.bench.service-jfr";
    /** JVM options for the packaged service, space-separated (memory settings to try, for instance). */
    private static final String SERVICE_JVM = "ingest.bench.service-jvm";

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals(WHOLE_INGEST)) {
            wholeIngest(Path.of(args[1]));
            return;
        }
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
        System.out.printf("parse + clean + validate + split:   %,10.0f rows/s (median of %d, %.0f%% of the fastest bare"
                + " parse; target 80%%); %s, %d duplicates, rejected %s; peak RSS of this JVM %s%n", median(full),
                ROUNDS, 100 * median(full) / fastest, result.examples(), result.duplicates(),
                result.rejectedByReason(), peakRss(ProcessHandle.current().pid()));

        if (Files.exists(LAUNCHER)) {
            wholeIngestApart(csv);
        } else {
            System.out.println("whole ingest skipped: " + LAUNCHER.toAbsolutePath() + " missing (./mvnw package first)");
        }
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

    /**
     * Runs the whole ingest in a JVM of its own: the Kafka broker and PostgreSQL it starts are the bench's, not the
     * service's, and a broker squeezed into this JVM's 256 MB halts it; the service keeps its 256 MB cap.
     */
    private static void wholeIngestApart(Path csv) throws Exception {
        Process whole = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "-D" + SERVICE_JFR + "=" + System.getProperty(SERVICE_JFR, ""),
                "-D" + SERVICE_JVM + "=" + System.getProperty(SERVICE_JVM, ""), "-cp",
                System.getProperty("java.class.path"), IngestBench.class.getName(), WHOLE_INGEST, csv.toString())
                .inheritIO().start();
        if (whole.waitFor() != 0) {
            throw new IllegalStateException("the whole ingest failed (exit " + whole.exitValue() + ")");
        }
    }

    private static void wholeIngest(Path csv) throws Exception {
        Path dir = Files.createTempDirectory("ingest-bench");
        try (LocalStack stack = LocalStack.start(new LocalStack.Settings(dir.resolve("stack"), LocalStack.freePort(),
                LocalStack.freePort(), LocalStack.freePort(), true))) {
            int port = LocalStack.freePort();
            // started as tunepipe up starts ingest-service, with its heap capped at 256 MB
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m"));
            command.addAll(ServiceJvm.options(true));
            String jfr = System.getProperty(SERVICE_JFR, "");
            if (!jfr.isEmpty()) {
                command.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath());
            }
            String jvm = System.getProperty(SERVICE_JVM, "").strip();
            if (!jvm.isEmpty()) {
                command.addAll(List.of(jvm.split("\\s+")));
            }
            // from its folder, with the class archive made at package time
            if (Files.exists(LAUNCHER.resolveSibling(CLASS_ARCHIVE))) {
                command.add("-XX:SharedArchiveFile=" + CLASS_ARCHIVE);
            }
            command.addAll(List.of("-jar", LAUNCHER.getFileName().toString()));
            ProcessBuilder pb = new ProcessBuilder(command).directory(LAUNCHER.getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("ingest-service.log").toFile());
            pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            pb.environment().putAll(ServiceJvm.environment());
            pb.environment().putAll(stack.serviceEnvironment("ingest-service"));
            pb.environment().put("TUNEPIPE_INGEST_DATA_DIR", dir.resolve("ingest").toString());
            pb.environment().put("QUARKUS_OIDC_PUBLIC_KEY", TestTokens.publicKey());
            Process service = pb.start();
            try {
                // HTTP/1.1 as curl speaks to a plain http:// address; Java's h2c upgrade would crawl through HTTP/2's
                // 64 KiB flow-control window instead of measuring the service
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String base = "http://localhost:" + port;
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (!ready(http, base)) {
                    if (System.nanoTime() > deadline || !service.isAlive()) {
                        throw new IllegalStateException("ingest-service did not start; see " + dir.resolve("ingest-service.log"));
                    }
                    Thread.sleep(200);
                }
                double[] rates = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    Path copy = roundCopy(csv, round);
                    try {
                        rates[round] = ingestOnce(http, base, stack, copy, round);
                        System.out.printf("         ingest-service peak RSS so far: %s%n", peakRss(service.pid()));
                    } finally {
                        Files.delete(copy);
                    }
                }
                System.out.printf("whole ingest into Kafka + PostgreSQL: %,10.0f rows/s (median of %d)%n",
                        median(rates), ROUNDS);
                System.out.printf("ingest-service peak RSS over the %d rounds: %s%n", ROUNDS, peakRss(service.pid()));
                if (jvm.contains("NativeMemoryTracking")) {
                    new ProcessBuilder("jcmd", Long.toString(service.pid()), "VM.native_memory", "summary").inheritIO()
                            .start().waitFor();
                }
            } finally {
                service.destroy();
                service.waitFor();
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Uploads one file and waits for its dataset event; prints the round and returns its rows per second. */
    private static double ingestOnce(HttpClient http, String base, LocalStack stack, Path csv, int round)
            throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/datasets?name=bench"))
                .header("Authorization", "Bearer " + TestTokens.token(Roles.OPERATOR))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
        double uploaded = seconds(t0);
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        var record = stack.probe().await(Topics.DATASETS_INGESTED, r -> id.equals(r.key()), 1,
                Duration.ofMinutes(30)).get(0);
        double secs = seconds(t0);
        DatasetIngested done = EventCodec.decode(record.value(), DatasetIngested.class);
        System.out.printf("round %d: whole ingest %,8.0f rows/s (%,d rows, %d batches, %.1f s, of which %.1f s to"
                + " upload and accept the file)%n", round + 1, done.rowsRead() / secs, done.rowsRead(),
                done.batchCount(), secs, uploaded);
        return done.rowsRead() / secs;
    }

    /**
     * The bench file with its first row's id made unique to {@code round}: the same rows, counts and split, but
     * content the service has not seen, so that it ingests it again instead of answering with the earlier dataset.
     */
    private static Path roundCopy(Path csv, int round) throws Exception {
        Path copy = csv.resolveSibling("round-" + (round + 1) + "-" + csv.getFileName());
        try (InputStream in = Files.newInputStream(csv); var out = Files.newOutputStream(copy)) {
            byte[] header = "id,question,answer\n".getBytes(StandardCharsets.UTF_8);
            if (!Arrays.equals(in.readNBytes(header.length), header)) {
                throw new IllegalStateException(csv + " is not the bench's file");
            }
            out.write(header);
            out.write(("round" + (round + 1) + "-").getBytes(StandardCharsets.UTF_8));
            in.transferTo(out);
        }
        return copy;
    }

    private static boolean ready(HttpClient http, String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static String peakRss(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " ")).findFirst().orElse("unknown");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double seconds(long t0) {
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
