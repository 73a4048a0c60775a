package io.tunepipe.augment;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The canonical questions and answers of the shared Québec COVID-19 FAQ, found by walking up to shared/data. */
public final class QuebecFaq {

    /** One FAQ entry. */
    public record Entry(String question, String answer) {
    }

    private QuebecFaq() {
    }

    public static List<Entry> canonical() {
        List<Entry> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file());
             CSVParser parser = CSVParser.builder().setReader(in)
                     .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            for (CSVRecord r : parser) {
                rows.add(new Entry(r.get("questions").strip(), r.get("answers").strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static Path file() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/quebec-covid-faq/collection2_a1571487.csv");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/data/quebec-covid-faq not found above " + Path.of("").toAbsolutePath());
    }
}
