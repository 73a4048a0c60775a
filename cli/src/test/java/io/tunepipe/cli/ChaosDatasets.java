package io.tunepipe.cli;

import io.tunepipe.cli.RunningStack.Dataset;
import io.tunepipe.testdata.TestData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The files ChaosIT and SoakBench submit, written into a folder of their own from the sample and the Québec FAQ. */
final class ChaosDatasets {

    static final String QUEBEC_VARIANTS =
            "write a coherent question that would result in the answer shown above do not copy the sample question";
    /** Rows in each soak dataset, and between the first rows of two of them. */
    private static final int WINDOW = 30;
    private static final int STEP = 7;

    private final Path dir;
    private final List<String> sample;

    ChaosDatasets(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.sample = Files.readAllLines(RunningStack.root().resolve("samples/jonny-whizbang.csv"),
                StandardCharsets.UTF_8);
    }

    /** The sample as it is (172 rows). */
    Dataset sample() {
        return new Dataset("sample", RunningStack.root().resolve("samples/jonny-whizbang.csv"), Map.of(), true);
    }

    /** The sample's first 90 rows with some answers or questions blanked, and 3 rows twice. */
    Dataset rejects() throws IOException {
        List<String> rejects = new ArrayList<>(List.of(sample.get(0)));
        for (int i = 1; i <= 90; i++) {
            String[] cells = sample.get(i).split(",", -1);
            if (cells.length == 5 && i % 9 == 0) {
                cells[i % 2 == 0 ? 3 : 2] = "";
            }
            rejects.add(String.join(",", cells));
        }
        for (int i = 1; i <= 3; i++) {
            rejects.add("again-" + sample.get(i));
        }
        return new Dataset("rejects", Files.write(dir.resolve("sample-with-rejects.csv"), rejects,
                StandardCharsets.UTF_8), Map.of(), true);
    }

    /** The Québec FAQ's first 25 records, whose variant columns make several examples of each. */
    Dataset quebec() throws IOException {
        Path quebec = Files.writeString(dir.resolve("quebec-slice.csv"),
                CsvSlice.firstRecords(Files.readString(TestData.file(TestData.QUEBEC_COLLECTION2)), 25));
        return new Dataset("quebec", quebec, Map.of("question", "questions", "answer", "answers",
                "variants", QUEBEC_VARIANTS), false);
    }

    /** {@code count} windows of {@value #WINDOW} rows of the sample, {@value #STEP} rows apart (at most 20). */
    List<Dataset> soak(int count) throws IOException {
        if (1 + (count - 1) * STEP + WINDOW > sample.size()) {
            throw new IllegalArgumentException(count + " windows do not fit in the sample's " + sample.size()
                    + " lines");
        }
        List<Dataset> tiny = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> window = new ArrayList<>(List.of(sample.get(0)));
            window.addAll(sample.subList(1 + i * STEP, 1 + i * STEP + WINDOW));
            tiny.add(new Dataset("soak-" + i, Files.write(dir.resolve("soak-" + i + ".csv"), window), Map.of(),
                    true));
        }
        return tiny;
    }
}
