package io.tunepipe.eval.report;

import io.quarkus.qute.TemplateExtension;

import java.util.Locale;

/** Number formats for report pages: {@code {value.pct}} and {@code {value.two}}. */
@TemplateExtension
public final class NumberFormats {

    private NumberFormats() {
    }

    static String pct(Double share) {
        return share == null ? "" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String two(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.2f", value);
    }
}
