package io.tunepipe.ingest.rest;

import io.tunepipe.contracts.ColumnMapping;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Arrays;
import java.util.List;

/**
 * A column mapping sent with an upload, as form fields or as query parameters; columns left out are found from
 * the header names. {@code variants} lists, comma-separated, the columns whose cells hold several rewordings.
 */
public final class MappingParams {

    private MappingParams() {
    }

    /** The mapping as fields of a multipart form. */
    public static class Form {
        @RestForm
        public String question;
        @RestForm
        public String answer;
        @RestForm
        public String system;
        @RestForm
        public String id;
        @RestForm
        public String split;
        @RestForm
        public String group;
        @RestForm
        public String variants;

        ColumnMapping toMapping() {
            return mapping(question, answer, system, id, split, group, variants);
        }
    }

    /** The mapping as query parameters of a raw-body upload. */
    public static class Query {
        @QueryParam("question")
        public String question;
        @QueryParam("answer")
        public String answer;
        @QueryParam("system")
        public String system;
        @QueryParam("id")
        public String id;
        @QueryParam("split")
        public String split;
        @QueryParam("group")
        public String group;
        @QueryParam("variants")
        public String variants;

        ColumnMapping toMapping() {
            return mapping(question, answer, system, id, split, group, variants);
        }
    }

    static ColumnMapping mapping(String question, String answer, String system, String id, String split,
            String group, String variants) {
        List<String> variantColumns = variants == null || variants.isBlank() ? List.of()
                : Arrays.stream(variants.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ColumnMapping(blankToNull(question), blankToNull(answer), blankToNull(system), blankToNull(id),
                blankToNull(split), blankToNull(group), variantColumns);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
