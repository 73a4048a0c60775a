package io.tunepipe.eval.report;

import io.quarkus.qute.TemplateExtension;
import io.tunepipe.eval.scoring.VerdictRule;

import java.util.Locale;

/**
 * Number formats for report pages: {@code {value.pct}}, {@code {value.two}}, {@code {delta.points}} and
 * {@code {pValue.p}}.
 */
@TemplateExtension
public final class NumberFormats {

    private NumberFormats() {
    }

    static String pct(Double share) {
        return share == null ? "" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** A difference of shares in percentage points, signed. */
    static String points(Double delta) {
        return delta == null ? "" : String.format(Locale.ROOT, "%+.1f points", delta * 100);
    }

    /** A p-value as the verdict's reason writes it: "= 0.41", "= 0.039", "< 0.001". */
    static String p(Double pValue) {
        return pValue == null ? "" : VerdictRule.pValue(pValue);
    }

    static String two(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.2f", value);
    }
}
