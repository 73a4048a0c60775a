package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.SplitCounts;
import io.tunepipe.text.TextCleaner;
import io.tunepipe.text.TokenCounter;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads a question/answer CSV of any size in one streaming pass: decodes it, finds its delimiter and header,
 * maps columns to roles, cleans and validates every row, drops duplicates, reports conflicts, splits by group
 * ({@link GroupSplitter}), and hands each example or rejected row to a sink. Memory grows only with the hashes kept
 * per question to spot duplicates and per group to know which are taught; no field or row is held past a cap
 * ({@link CappedCsvReader}). Parsing is FastCSV ({@link CsvLayout#parser}): RFC 4180 quoting with embedded line
 * breaks, any line ending, and lenient options for files cut short, from a well-kept streaming parser. Parsing and
 * cleaning run on a thread of their own ({@link RowCells}), ahead of keying, deduping and splitting on the caller's.
 */
public final class IngestPipeline {

    /**
     * How much longer than {@link IngestSettings#maxFieldChars} a field may be as read, before cleaning drops its
     * markup and doubled quotes; past it (or past twice as much in a row) the row is skipped without being held.
     */
    static final long RAW_FIELD_FACTOR = 10;

    private final IngestSettings settings;
    /** Loaded for the first example long enough to need it: a tokenizer's tables take about 30 MB of heap. */
    private TokenCounter tokens;

    public IngestPipeline(IngestSettings settings) {
        this.settings = settings;
    }

    private TokenCounter tokens() {
        if (tokens == null) {
            tokens = TokenCounter.forModel(settings.targetModel());
        }
        return tokens;
    }

    public IngestResult run(String datasetId, InputStream csv, ColumnMapping mapping, IngestSink sink)
            throws UnreadableFileException, IOException {
        TextSource.Decoded decoded = TextSource.open(csv);
        BufferedReader reader = new BufferedReader(decoded.reader(), CsvLayout.SNIFF_CHARS * 2);
        CsvLayout layout = CsvLayout.sniff(reader, mapping);
        layout.skipToHeader(reader);
        long maxRawField = RAW_FIELD_FACTOR * settings.maxFieldChars();
        CappedCsvReader capped = new CappedCsvReader(reader, layout.delimiter(), maxRawField, 2 * maxRawField);
        try (CsvReader<CsvRecord> parser = CsvLayout.parser(layout.delimiter(), 2 * maxRawField).ofCsvRecord(capped);
             CloseableIterator<CsvRecord> records = parser.iterator()) {
            List<String> header = header(records, capped);
            ColumnRoles roles = ColumnRoles.resolve(header, mapping);
            RowCells cells = new RowCells(datasetId, roles, layout.delimiter(), settings.maxFieldChars());
            Run run = new Run(datasetId, cells, sink);
            long linesAbove = layout.linesBeforeHeader();
            ParseAhead.run("ingest-read-" + datasetId, out -> readRows(records, capped, linesAbove, cells, out),
                    run::accept);
            return new IngestResult(run.rowsRead, new SplitCounts(run.count(Split.TRAIN), run.count(Split.VALIDATION),
                    run.count(Split.TEST)), run.rejected, run.duplicates, run.conflicts, decoded.encoding(),
                    layout.delimiter(), header);
        } catch (UncheckedIOException | CsvParseException e) {
            throw new UnreadableFileException("The file could not be parsed as CSV: " + rootMessage(e));
        }
    }

    /**
     * Parses the rows after the header, on a thread of its own, and hands each on as a {@link RowCells.Row}, or as a
     * {@link RejectedRow} when it is rejected as a whole: a row over a length cap ({@link CappedCsvReader.Skipped}),
     * the rest of a file that could not be read, a row whose cells fail. Blank lines are not rows.
     */
    private static Void readRows(Iterator<CsvRecord> records, CappedCsvReader capped, long linesAbove,
            RowCells cells, Consumer<Object> out) {
        long next = 2;
        while (true) {
            CsvRecord record;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                record = records.next();
            } catch (UncheckedIOException | CsvParseException e) {
                out.accept(RejectedRow.of(linesAbove + next, "malformed-csv", "The rest of the file from this line"
                        + " could not be read: " + rootMessage(e), null));
                return null;
            }
            long line = record.getStartingLineNumber();
            next = line + 1;
            CappedCsvReader.Skipped skipped = capped.skipped(line);
            if (skipped != null) {
                out.accept(RejectedRow.of(linesAbove + line, skipped.reason(), skipped.detail(), null));
            } else if (record.getFieldCount() > 1 || !record.getField(0).isBlank()) {
                out.accept(cells.read(linesAbove + line, record));
            }
        }
    }

    private static List<String> header(Iterator<CsvRecord> records, CappedCsvReader capped)
            throws UnreadableFileException {
        if (!records.hasNext()) {
            throw new UnreadableFileException("The file has no header row.");
        }
        CsvRecord record = records.next();
        CappedCsvReader.Skipped skipped = capped.skipped(record.getStartingLineNumber());
        if (skipped != null) {
            throw new UnreadableFileException("The header row is too long: " + skipped.detail());
        }
        List<String> header = new ArrayList<>();
        for (String name : record.getFields()) {
            header.add(TextCleaner.clean(name));
        }
        return header;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** The keys the examples of one row share: the answer's {@link QuestionKey#hash}, and its group's. */
    private record Keys(long answer, long group, String groupId) {
    }

    /** The state of one file's pass: counts, the duplicate ledger and the split, kept on the calling thread. */
    private final class Run {
        private final String datasetId;
        private final RowCells cells;
        private final IngestSink sink;
        private final HashLedger ledger = HashLedger.withValues();
        private final GroupSplitter splitter = new GroupSplitter(settings);
        /** Examples per split, by {@link Split#ordinal}: a counter bumped for every example, so never boxed. */
        private final long[] counts = new long[Split.values().length];
        private final Map<String, Long> rejected = new TreeMap<>();
        private long rowsRead;
        private long duplicates;
        private long conflicts;

        Run(String datasetId, RowCells cells, IngestSink sink) {
            this.datasetId = datasetId;
            this.cells = cells;
            this.sink = sink;
        }

        long count(Split split) {
            return counts[split.ordinal()];
        }

        /** Takes a row read: its examples, or its rejection as a whole. */
        void accept(Object item) {
            rowsRead++;
            if (item instanceof RowCells.Row row) {
                offerAll(row);
            } else {
                reject((RejectedRow) item);
            }
        }

        /**
         * Offers the row's question, then each of its rewordings, as examples, keyed by {@link QuestionKey#hash}; a row
         * that names no group is grouped by its answer, since rows with one answer are rewordings of one fact.
         */
        private void offerAll(RowCells.Row row) {
            long answerKey = QuestionKey.hash(row.answer());
            long groupHash = row.group().isEmpty() ? answerKey : GroupSplitter.hash("group:" + row.group());
            Keys keys = new Keys(answerKey, groupHash, datasetId + "/g/" + Long.toHexString(groupHash));
            if (!row.question().isEmpty()) {
                offer(row, keys, row.id(), "The question", row.question());
            }
            for (int k = 0; k < row.variants().size(); k++) {
                offer(row, keys, row.id() + "/v" + (k + 1), "Rewording " + (k + 1), row.variants().get(k));
            }
        }

        private void offer(RowCells.Row row, Keys keys, String id, String what, String question) {
            long line = row.line();
            String answer = row.answer();
            String system = row.system();
            if (question.length() > settings.maxFieldChars()) {
                reject(row, "too-long", what + " has " + question.length() + " characters; the limit is "
                        + settings.maxFieldChars() + ".");
                return;
            }
            int chars = question.length() + answer.length() + (system == null ? 0 : system.length());
            if (3L * chars > settings.maxTokensPerExample()) { // a token never spans less than one UTF-8 byte
                TokenCounter counter = tokens();
                int count = counter.count(question) + counter.count(answer) + counter.count(system);
                if (count > settings.maxTokensPerExample()) {
                    reject(row, "too-many-tokens", what + " and its answer make " + count + " tokens for "
                            + settings.targetModel() + "; the limit is " + settings.maxTokensPerExample() + ".");
                    return;
                }
            }
            long questionKey = QuestionKey.hash(question);
            if (questionKey == keys.answer() && QuestionKey.of(question).equals(QuestionKey.of(answer))) {
                reject(row, "answer-as-question", what + " is the answer itself.");
                return;
            }
            switch (ledger.offer(questionKey, keys.answer(), line)) {
                case DUPLICATE -> duplicates++;
                case CONFLICT -> {
                    conflicts++;
                    reject(row, "conflicting-answer", what + " was already asked on line " + ledger.conflictLine()
                            + " with a different answer; the first answer is kept.");
                }
                case NEW -> {
                    Split split = split(row.named(), keys.group(), questionKey);
                    sink.example(new Example(id, keys.groupId(), split, question, answer, system, Origin.ORIGINAL,
                            null, line));
                    counts[split.ordinal()]++;
                }
            }
        }

        /** Decided once an example is known to be new, so a group's first question kept is the one trained. */
        private Split split(Split named, long groupHash, long questionKey) {
            if (named == null) {
                return splitter.split(groupHash, questionKey);
            }
            splitter.named(groupHash, named);
            return named;
        }

        private void reject(RowCells.Row row, String reason, String detail) {
            reject(cells.rejected(row.line(), reason, detail, row.record()));
        }

        private void reject(RejectedRow row) {
            rejected.merge(row.reason(), 1L, Long::sum);
            sink.rejected(row);
        }
    }
}
