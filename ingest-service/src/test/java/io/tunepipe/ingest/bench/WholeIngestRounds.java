package io.tunepipe.ingest.bench;

import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.LocalStack;
import io.tunepipe.localstack.ServiceJvm;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TestTokens;

import java.io.InputStream;
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

/**
 * {@link IngestBench}'s whole ingest, in a JVM of its own: the Kafka broker and PostgreSQL it starts are the bench's,
 * not the service's, and a broker squeezed into the bench's 256 MB halts it. Takes the bench file's path.
 */
final class WholeIngestRounds {

    static final Path LAUNCHER = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final String CLASS_ARCHIVE = "app-cds.jsa";
    /** A file name: the packaged service records a flight recording (JFR, profile settings) there. */
    static final String SERVICE_JFR = "ingest.bench.service-jfr";
    /** JVM options for the packaged service, space-separated (memory settings to try, for instance). */
    static final String SERVICE_JVM = "ingest.bench.service-jvm";

    private WholeIngestRounds() {
    }

    public static void main(String[] args) throws Exception {
        wholeIngest(Path.of(args[0]));
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
                        throw new IllegalStateException("ingest-service did not start; see "
                                + dir.resolve("ingest-service.log"));
                    }
                    Thread.sleep(200);
                }
                double[] rates = new double[IngestBench.ROUNDS];
                for (int round = 0; round < IngestBench.ROUNDS; round++) {
                    Path copy = roundCopy(csv, round);
                    try {
                        rates[round] = ingestOnce(http, base, stack, copy, round);
                        System.out.printf("         ingest-service peak RSS so far: %s%n",
                                IngestBench.peakRss(service.pid()));
                    } finally {
                        Files.delete(copy);
                    }
                }
                System.out.printf("whole ingest into Kafka + PostgreSQL: %,10.0f rows/s (median of %d)%n",
                        IngestBench.median(rates), IngestBench.ROUNDS);
                System.out.printf("ingest-service peak RSS over the %d rounds: %s%n", IngestBench.ROUNDS,
                        IngestBench.peakRss(service.pid()));
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
        double uploaded = IngestBench.seconds(t0);
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        var record = stack.probe().await(Topics.DATASETS_INGESTED, r -> id.equals(r.key()), 1,
                Duration.ofMinutes(30)).get(0);
        double secs = IngestBench.seconds(t0);
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
}
