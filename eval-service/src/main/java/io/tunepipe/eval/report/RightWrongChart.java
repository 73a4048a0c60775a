package io.tunepipe.eval.report;

import io.tunepipe.eval.scoring.QuestionResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Per-question right/wrong of the three models drawn as inline SVG: one column per question, one band per model,
 * questions sorted by which models got them right so the flips show as blocks. Runs of equal cells are drawn as
 * one rectangle, so the drawing stays small for thousands of questions.
 */
public record RightWrongChart(int width, int height, List<Label> labels, List<Cell> cells) {

    static final int WIDTH = 1000;
    static final int LABEL_WIDTH = 130;
    static final int BAND = 22;

    /** A model's name at the left of its band. */
    public record Label(double y, String text) {
    }

    /** A run of questions with the same state in one band: right, wrong or error. */
    public record Cell(double x, double y, double width, double height, String state) {
    }

    /** A band per model, given as its label and its results in question order. */
    static RightWrongChart of(List<String> names, List<List<QuestionResult>> bands) {
        int n = bands.get(0).size();
        List<Integer> order = IntStream.range(0, n).boxed().sorted(Comparator.comparing((Integer i) ->
                key(bands, i)).reversed()).toList();
        double column = n == 0 ? 0 : (WIDTH - LABEL_WIDTH) / (double) n;
        List<Label> labels = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        for (int b = 0; b < bands.size(); b++) {
            double y = 4 + b * BAND;
            labels.add(new Label(y + BAND * 0.6, names.get(b)));
            int start = 0;
            for (int k = 1; k <= n; k++) {
                String state = state(bands.get(b).get(order.get(start)));
                if (k == n || !state.equals(state(bands.get(b).get(order.get(k))))) {
                    cells.add(new Cell(LABEL_WIDTH + start * column, y, (k - start) * column, BAND - 4, state));
                    start = k;
                }
            }
        }
        return new RightWrongChart(WIDTH, 8 + bands.size() * BAND, labels, cells);
    }

    /** Sort key: the last band (fine-tuned) weighs most; right before wrong before error. */
    private static String key(List<List<QuestionResult>> bands, int i) {
        StringBuilder key = new StringBuilder();
        for (int b = bands.size() - 1; b >= 0; b--) {
            QuestionResult r = bands.get(b).get(i);
            key.append(r.right() ? '2' : r.failed() ? '0' : '1');
        }
        return key.toString();
    }

    private static String state(QuestionResult r) {
        return r.right() ? "right" : r.failed() ? "error" : "wrong";
    }
}
