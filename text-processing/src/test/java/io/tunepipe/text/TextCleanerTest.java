package io.tunepipe.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TextCleaner} on odd spaces, decomposed accents, control characters, line breaks, HTML and bare entities, and
 * text that only looks like markup.
 */
class TextCleanerTest {

    @Test
    void oddSpacesBecomePlainAndRunsCollapse() {
        assertThat(TextCleaner.clean("  Québec\u00A0\u00A0City\u2009 is   cold \t "))
                .isEqualTo("Québec City is cold");
    }

    @Test
    void composedFormsAreNormalised() {
        assertThat(TextCleaner.clean("Que\u0301bec")).isEqualTo("Québec");
    }

    @Test
    void controlAndInvisibleCharactersAreRemoved() {
        assertThat(TextCleaner.clean("a\u0000b\u0007c\u200Bd\uFEFF")).isEqualTo("abcd");
    }

    @Test
    void lineBreaksAreKeptButBlankRunsCollapse() {
        assertThat(TextCleaner.clean("first\r\nsecond\rthird\n\n\n\nfourth  \n"))
                .isEqualTo("first\nsecond\nthird\n\nfourth");
    }

    @Test
    void htmlBecomesTextWithBlockBreaks() {
        String html = "<p>Wash your hands &amp; stay home.</p><ul><li>Fever</li><li>Cough</li></ul>"
                + "Call <b>811</b>.<br>Thanks";
        assertThat(TextCleaner.clean(html))
                .isEqualTo("Wash your hands & stay home.\n\nFever\n\nCough\n\nCall 811.\nThanks");
    }

    @Test
    void entitiesWithoutTagsAreDecoded() {
        assertThat(TextCleaner.clean("R&amp;D costs &lt; 5&nbsp;% &#233;t&#xE9;")).isEqualTo("R&D costs < 5 % été");
    }

    @Test
    void textThatOnlyLooksLikeMarkupIsLeftAlone() {
        assertThat(TextCleaner.clean("Is 3 < 5 and 7 > 2? Tom & Jerry")).isEqualTo("Is 3 < 5 and 7 > 2? Tom & Jerry");
    }

    @Test
    void nullAndEmptyGiveEmpty() {
        assertThat(TextCleaner.clean(null)).isEmpty();
        assertThat(TextCleaner.clean(" \u00A0 ")).isEmpty();
    }
}
