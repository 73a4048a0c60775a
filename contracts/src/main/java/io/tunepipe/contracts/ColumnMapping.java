package io.tunepipe.contracts;

import java.util.List;

/**
 * Which source columns play which role; null roles are detected from the header names.
 *
 * @param variants columns whose cells hold several rewordings of the question, one per line
 */
public record ColumnMapping(String question, String answer, String system, String id, String split, String group,
        List<String> variants) {

    public static ColumnMapping detect() {
        return new ColumnMapping(null, null, null, null, null, null, List.of());
    }

    public ColumnMapping {
        variants = variants == null ? List.of() : List.copyOf(variants);
    }
}
