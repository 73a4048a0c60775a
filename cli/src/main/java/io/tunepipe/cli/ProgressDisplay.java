package io.tunepipe.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Progress of the pipeline's stages: redrawn bars on a terminal, one line per change otherwise, or JSON lines
 * for scripts. A finished stage shows when it finished, in seconds since the display was made, so a run shows where
 * its time went.
 */
public final class ProgressDisplay {

    /** How far one stage has come; {@code total} is 0 when unknown. */
    public record Stage(String name, long done, long total, String detail, boolean finished) {
    }

    private static final int WIDTH = 28;

    private final PrintStream out;
    private final boolean json;
    private final boolean redraw;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private final Map<String, Double> finishedAt = new HashMap<>();
    private final long created = System.nanoTime();
    private int linesDrawn;

    public ProgressDisplay(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
        this.redraw = !json && System.console() != null;
    }

    public synchronized void update(Stage stage) {
        if (stage.equals(stages.get(stage.name()))) {
            return;
        }
        stages.put(stage.name(), stage);
        if (stage.finished()) {
            finishedAt.putIfAbsent(stage.name(), (System.nanoTime() - created) / 1e9);
        }
        if (json) {
            out.printf(Locale.ROOT, "{\"stage\":\"%s\",\"done\":%d,\"total\":%d,\"finished\":%b,\"detail\":\"%s\"}%n",
                    stage.name(), stage.done(), stage.total(), stage.finished(), escape(stage.detail()));
        } else if (redraw) {
            if (linesDrawn > 0) {
                out.printf("\033[%dA", linesDrawn);
            }
            for (Stage s : stages.values()) {
                out.print("\033[2K" + render(s, finishedAt.get(s.name())) + "\n");
            }
            linesDrawn = stages.size();
        } else {
            out.println(render(stage, finishedAt.get(stage.name())));
        }
        out.flush();
    }

    /** One stage's line; {@code finishedAt} in seconds, or null while it runs. */
    static String render(Stage s, Double finishedAt) {
        String bar;
        if (s.total() > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * s.done() / s.total());
            bar = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                    + String.format(Locale.ROOT, "%3d%%", 100 * s.done() / s.total());
        } else {
            bar = "[" + (s.finished() ? "#".repeat(WIDTH) : "~".repeat(WIDTH)) + "]     ";
        }
        String done = !s.finished() ? "" : finishedAt == null ? "  done"
                : String.format(Locale.ROOT, "  done at %.1f s", finishedAt);
        return String.format(Locale.ROOT, "%-10s %s %s%s", s.name(), bar, s.detail(), done);
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
