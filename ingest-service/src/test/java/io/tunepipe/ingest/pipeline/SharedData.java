package io.tunepipe.ingest.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds ../shared/data from wherever the tests run (the module folder under Maven, the root in an IDE). */
public final class SharedData {

    private SharedData() {
    }

    public static Path file(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            for (Path candidate : new Path[] {dir.resolve("shared/data"), dir.resolve("../shared/data")}) {
                if (Files.isDirectory(candidate)) {
                    return candidate.resolve(relative).normalize();
                }
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("shared/data not found above " + Path.of("").toAbsolutePath());
    }
}
