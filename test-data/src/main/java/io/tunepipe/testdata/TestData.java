package io.tunepipe.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way tests and benchmarks reach the data shipped in this module (see README.md beside each data set for
 * its source and licence), by a path relative to the data folder such as
 * {@code quebec-covid-faq/collection2_a1571487.csv}.
 */
public final class TestData {

    public static final String QUEBEC_COLLECTION2 = "quebec-covid-faq/collection2_a1571487.csv";
    public static final String QUEBEC_COLLECTION3 = "quebec-covid-faq/collection3_a1571615.csv";
    public static final String CLINC150 = "clinc150/data_full.json";

    private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

    private TestData() {
    }

    /** The data file as a stream. */
    public static InputStream open(String relative) {
        InputStream in = TestData.class.getResourceAsStream(relative);
        if (in == null) {
            throw new IllegalArgumentException("no test data " + relative + " in module test-data");
        }
        return in;
    }

    /** The data file on disk (copied once per JVM out of the jar), for code that reads or uploads files. */
    public static Path file(String relative) {
        return COPIES.computeIfAbsent(relative, r -> {
            try (InputStream in = open(r)) {
                Path dir = Files.createTempDirectory("tunepipe-test-data");
                Path copy = dir.resolve(Path.of(r).getFileName().toString());
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                copy.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
