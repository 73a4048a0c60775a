package io.tunepipe.ingest.pipeline;

import io.tunepipe.text.TextCleaner;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What each step the pipeline takes for every row costs alone, on one thread, in nanoseconds a row, over
 * {@code IngestBench}'s file (id, question, answer): the bare FastCSV parse; the quoting pass that keeps the caps
 * ({@link CappedCsvReader}, less the decoding it reads through); the cleaning of question and answer (text that is
 * clean already is only checked); their keys ({@link QuestionKey#hash}); and the ledger that finds duplicates and the
 * set of groups taught ({@link HashLedger}). Rows are parsed in blocks small enough to stay in cache, and each step
 * is timed over a whole block, so that only the step is counted.
 */
public final class StepCosts {

    private static final int BLOCK = 4096;

    /** Nanoseconds a row for each step, alone on one thread. */
    public record Costs(double parse, double quoting, double cleaning, double keys, double ledger) {

        public double total() {
            return parse + quoting + cleaning + keys + ledger;
        }
    }

    private StepCosts() {
    }

    /** Measures each step over the whole file: each step's results are the next one's input, the ledger's its state. */
    public static Costs measure(Path csv) throws IOException {
        long decoding = readThrough(csv, false);
        long quoting = readThrough(csv, true) - decoding;
        String[] questions = new String[BLOCK];
        String[] answers = new String[BLOCK];
        long[] questionKeys = new long[BLOCK];
        long[] answerKeys = new long[BLOCK];
        HashLedger ledger = HashLedger.withValues();
        HashLedger taught = HashLedger.keysOnly();
        long[] nanos = new long[4];
        long rows = 0;
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CsvReader<CsvRecord> parser = CsvReader.builder().ofCsvRecord(reader);
             CloseableIterator<CsvRecord> records = parser.iterator()) {
            records.next(); // the header
            for (int n = BLOCK; n == BLOCK; rows += n) {
                long t0 = System.nanoTime();
                for (n = 0; n < BLOCK && records.hasNext(); n++) {
                    CsvRecord record = records.next();
                    questions[n] = record.getField(1);
                    answers[n] = record.getField(2);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    questions[i] = TextCleaner.clean(questions[i]);
                    answers[i] = TextCleaner.clean(answers[i]);
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    questionKeys[i] = QuestionKey.hash(questions[i]);
                    answerKeys[i] = QuestionKey.hash(answers[i]);
                }
                long t3 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    ledger.offer(questionKeys[i], answerKeys[i], rows + i);
                    taught.add(answerKeys[i]);
                }
                long t4 = System.nanoTime();
                nanos[0] += t1 - t0;
                nanos[1] += t2 - t1;
                nanos[2] += t3 - t2;
                nanos[3] += t4 - t3;
            }
        }
        double perRow = rows;
        return new Costs(nanos[0] / perRow, quoting / perRow, nanos[1] / perRow, nanos[2] / perRow,
                nanos[3] / perRow);
    }

    /** Nanoseconds to read the decoded file to its end, through the quoting pass or not. */
    private static long readThrough(Path csv, boolean quoting) throws IOException {
        long t0 = System.nanoTime();
        char[] buffer = new char[8192];
        long maxRawField = IngestPipeline.RAW_FIELD_FACTOR * IngestSettings.defaults().maxFieldChars();
        try (Reader decoded = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             Reader reader = quoting ? new CappedCsvReader(decoded, ',', maxRawField, 2 * maxRawField) : decoded) {
            while (reader.read(buffer, 0, buffer.length) > 0) {
                // only the reading is timed
            }
        }
        return System.nanoTime() - t0;
    }
}
