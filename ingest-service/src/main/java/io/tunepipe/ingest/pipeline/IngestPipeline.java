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

/**
 * Reads a question/answer CSV of any size in one streaming pass: decodes it, finds its delimiter and header,
 * maps columns to roles, cleans and validates every row, drops duplicates, reports conflicts, splits by group
 * ({@link GroupSplitter}), and hands each example or rejected row to a sink. Memory grows only with the hashes kept
 * per question to spot duplicates and per group to know which are taught; no field or row is held past a cap
 * ({@link CappedCsvReader}). Parsing is FastCSV ({@link CsvLayout#parser}): RFC 4180 quoting with embedded line
 * breaks, any line ending, and lenient options for files cut short, from a well-kept streaming parser.
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
            Run run = new Run(datasetId, roles, layout.delimiter(), sink);
            readRows(records, capped, layout.linesBeforeHeader(), run);
            return new IngestResult(run.rowsRead, new SplitCounts(run.count(Split.TRAIN), run.count(Split.VALIDATION),
                    run.count(Split.TEST)), run.rejected, run.duplicates, run.conflicts, decoded.encoding(),
                    layout.delimiter(), header);
        } catch (UncheckedIOException | CsvParseException e) {
            throw new UnreadableFileException("The file could not be parsed as CSV: " + rootMessage(e));
        }
    }

    /**
     * Hands every row after the header to {@code run}; a row over a length cap is rejected and the next one read.
     * {@code linesAbove} counts the lines above the header, which the parser did not see.
     */
    private static void readRows(Iterator<CsvRecord> records, CappedCsvReader capped, long linesAbove, Run run) {
        long next = 2;
        while (true) {
            CsvRecord record;
            try {
                if (!records.hasNext()) {
                    return;
                }
                record = records.next();
            } catch (UncheckedIOException | CsvParseException e) {
                run.skipped(linesAbove + next, "malformed-csv", "The rest of the file from this line could not be"
                        + " read: " + rootMessage(e));
                return;
            }
            long line = linesAbove + record.getStartingLineNumber();
            next = record.getStartingLineNumber() + 1;
            CappedCsvReader.Skipped skipped = capped.skipped(record.getStartingLineNumber());
            if (skipped != null) {
                run.skipped(line, "too-long", skipped.reason());
            } else if (record.getFieldCount() > 1 || !record.getField(0).isBlank()) { // a blank line is not a row
                run.row(line, record);
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
            throw new UnreadableFileException("The header row is too long: " + skipped.reason());
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

    /** What the examples of one row share. {@code answerKey} is the {@link QuestionKey#hash} of the answer. */
    private record Row(long line, String answer, long answerKey, String system, long groupHash, String groupId,
            Split named, CsvRecord record) {
    }

    /** The state of one file's pass: counts, the duplicate ledger, the split, and the per-row rules. */
    private final class Run {
        private final String datasetId;
        private final ColumnRoles roles;
        private final String delimiter;
        private final IngestSink sink;
        private final HashLedger ledger = HashLedger.withValues();
        private final GroupSplitter splitter = new GroupSplitter(settings);
        /** Examples per split, by {@link Split#ordinal}: a counter bumped for every example, so never boxed. */
        private final long[] counts = new long[Split.values().length];
        private final Map<String, Long> rejected = new TreeMap<>();
        private long rowsRead;
        private long duplicates;
        private long conflicts;

        Run(String datasetId, ColumnRoles roles, char delimiter, IngestSink sink) {
            this.datasetId = datasetId;
            this.roles = roles;
            this.delimiter = String.valueOf(delimiter);
            this.sink = sink;
        }

        long count(Split split) {
            return counts[split.ordinal()];
        }

        void row(long line, CsvRecord record) {
            rowsRead++;
            String question = cell(record, roles.question());
            String answer = cell(record, roles.answer());
            String system = roles.system() == ColumnRoles.ABSENT ? null : cell(record, roles.system());
            List<String> variants = variants(record);
            if (question.isEmpty() && answer.isEmpty() && variants.isEmpty()) {
                reject(line, "empty-row", "The row has neither a question nor an answer.", record);
                return;
            }
            if (answer.isEmpty()) {
                reject(line, "empty-answer", "The answer is empty.", record);
                return;
            }
            if (question.isEmpty() && variants.isEmpty()) {
                reject(line, "empty-question", "The question is empty.", record);
                return;
            }
            if (answer.length() > settings.maxFieldChars()) {
                reject(line, "too-long", "The answer has " + answer.length() + " characters; the limit is "
                        + settings.maxFieldChars() + ".", record);
                return;
            }
            Split named = null;
            if (roles.split() != ColumnRoles.ABSENT && !cell(record, roles.split()).isEmpty()) {
                String cell = cell(record, roles.split());
                named = GroupSplitter.named(cell).orElse(null);
                if (named == null) {
                    reject(line, "unknown-split", "The split '" + cell + "' is not train, validation or test.",
                            record);
                    return;
                }
            }
            long answerKey = QuestionKey.hash(answer);
            String group = cell(record, roles.group());
            // a row that names no group is grouped by its answer: rows with one answer are rewordings of one fact
            long groupHash = group.isEmpty() ? answerKey : GroupSplitter.hash("group:" + group);
            Row row = new Row(line, answer, answerKey, system == null || system.isEmpty() ? null : system, groupHash,
                    datasetId + "/g/" + Long.toHexString(groupHash), named, record);
            offerAll(row, question, variants);
        }

        /** Offers the row's question, then each of its rewordings, as examples. */
        private void offerAll(Row row, String question, List<String> variants) {
            long line = row.line();
            long firstKey = QuestionKey.hash(question.isEmpty() ? variants.get(0) : question);
            if (!question.isEmpty()) {
                offer(row, datasetId + "/" + line, "The question", question, firstKey);
            }
            for (int k = 0; k < variants.size(); k++) {
                String variant = variants.get(k);
                long variantKey = k == 0 && question.isEmpty() ? firstKey : QuestionKey.hash(variant);
                offer(row, datasetId + "/" + line + "/v" + (k + 1), "Rewording " + (k + 1), variant, variantKey);
            }
        }

        /** {@code questionKey} is the {@link QuestionKey#hash} of the question. */
        private void offer(Row row, String id, String what, String question, long questionKey) {
            long line = row.line();
            String answer = row.answer();
            String system = row.system();
            CsvRecord record = row.record();
            if (question.length() > settings.maxFieldChars()) {
                reject(line, "too-long", what + " has " + question.length() + " characters; the limit is "
                        + settings.maxFieldChars() + ".", record);
                return;
            }
            int chars = question.length() + answer.length() + (system == null ? 0 : system.length());
            if (3L * chars > settings.maxTokensPerExample()) { // a token never spans less than one UTF-8 byte
                TokenCounter counter = tokens();
                int count = counter.count(question) + counter.count(answer) + counter.count(system);
                if (count > settings.maxTokensPerExample()) {
                    reject(line, "too-many-tokens", what + " and its answer make " + count + " tokens for "
                            + settings.targetModel() + "; the limit is " + settings.maxTokensPerExample() + ".", record);
                    return;
                }
            }
            if (questionKey == row.answerKey() && QuestionKey.of(question).equals(QuestionKey.of(answer))) {
                reject(line, "answer-as-question", what + " is the answer itself.", record);
                return;
            }
            switch (ledger.offer(questionKey, row.answerKey(), line)) {
                case DUPLICATE -> duplicates++;
                case CONFLICT -> {
                    conflicts++;
                    reject(line, "conflicting-answer", what + " was already asked on line " + ledger.conflictLine()
                            + " with a different answer; the first answer is kept.", record);
                }
                case NEW -> {
                    Split split = split(row, questionKey);
                    sink.example(new Example(id, row.groupId(), split, question, answer, system, Origin.ORIGINAL,
                            null, line));
                    counts[split.ordinal()]++;
                }
            }
        }

        /** Decided once an example is known to be new, so a group's first question kept is the one trained. */
        private Split split(Row row, long questionKey) {
            if (row.named() == null) {
                return splitter.split(row.groupHash(), questionKey);
            }
            splitter.named(row.groupHash(), row.named());
            return row.named();
        }

        /** A row that could not be parsed into cells: read, and rejected as a whole. */
        void skipped(long line, String reason, String detail) {
            rowsRead++;
            reject(line, reason, detail, null);
        }

        void reject(long line, String reason, String detail, CsvRecord record) {
            rejected.merge(reason, 1L, Long::sum);
            sink.rejected(RejectedRow.of(line, reason, detail, record == null ? null
                    : String.join(delimiter, record.getFields())));
        }

        private List<String> variants(CsvRecord record) {
            List<String> variants = new ArrayList<>();
            for (int column : roles.variants()) {
                String raw = column < record.getFieldCount() ? record.getField(column) : "";
                for (String part : raw.split("\\R")) {
                    String cleaned = TextCleaner.clean(part);
                    if (!cleaned.isEmpty()) {
                        variants.add(cleaned);
                    }
                }
            }
            return variants;
        }
    }

    private static String cell(CsvRecord record, int column) {
        return column >= 0 && column < record.getFieldCount() ? TextCleaner.clean(record.getField(column)) : "";
    }
}
