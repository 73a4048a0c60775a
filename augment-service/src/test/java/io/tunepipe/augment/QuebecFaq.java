package io.tunepipe.augment;

import io.tunepipe.testdata.TestData;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The canonical questions and answers of the shared Québec COVID-19 FAQ, shipped in module test-data. */
public final class QuebecFaq {

    /** One FAQ entry. */
    public record Entry(String question, String answer) {
    }

    private QuebecFaq() {
    }

    public static List<Entry> canonical() {
        List<Entry> rows = new ArrayList<>();
        try (Reader in = new InputStreamReader(TestData.open(TestData.QUEBEC_COLLECTION2), StandardCharsets.UTF_8);
             CsvReader<NamedCsvRecord> parser = CsvReader.builder().ofNamedCsvRecord(in)) {
            for (NamedCsvRecord r : parser) {
                rows.add(new Entry(r.getField("questions").strip(), r.getField("answers").strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
