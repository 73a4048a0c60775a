package io.tunepipe.text;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.text.Normalizer;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cleans a field of user data: HTML to text (entities decoded, tags dropped, block elements become line breaks),
 * Unicode NFC, odd spaces made plain, control characters removed, spaces collapsed per line, blank lines
 * collapsed. Line breaks that carry meaning (lists, paragraphs) are kept.
 */
public final class TextCleaner {

    private static final Pattern TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9]*(\\s[^<>]*)?/?>");
    private static final Pattern ENTITY = Pattern.compile("&(#\\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);");
    private static final Pattern ODD_SPACE =
            Pattern.compile("[\\t\\u000B\\f\\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000]");
    private static final Pattern INVISIBLE = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n]]");
    private static final Pattern SPACES = Pattern.compile(" {2,}");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
            "tr", "table", "blockquote", "pre", "section", "article", "header", "footer", "dd", "dt");

    private TextCleaner() {
    }

    public static String clean(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (isAlreadyClean(raw)) {
            return raw;
        }
        String s = raw.replace("\r\n", "\n").replace('\r', '\n');
        if (TAG.matcher(s).find()) {
            s = htmlToText(s);
        } else if (ENTITY.matcher(s).find()) {
            s = Parser.unescapeEntities(s, false);
        }
        s = Normalizer.normalize(s, Normalizer.Form.NFC);
        s = ODD_SPACE.matcher(s).replaceAll(" ");
        s = INVISIBLE.matcher(s).replaceAll("");
        s = CONTROL.matcher(s).replaceAll("");
        StringBuilder out = new StringBuilder(s.length());
        for (String line : s.split("\n", -1)) {
            out.append(SPACES.matcher(line).replaceAll(" ").strip()).append('\n');
        }
        return BLANK_LINES.matcher(out.toString()).replaceAll("\n\n").strip();
    }

    /**
     * One pass for the common case: printable ASCII, single spaces, single line breaks, no markup characters, nothing
     * to trim. Such text is returned as it is, skipping the regular expressions.
     */
    private static boolean isAlreadyClean(String s) {
        char previous = '\n';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                if (previous == ' ' || previous == '\n' && i > 0 && i >= 2 && s.charAt(i - 2) == '\n') {
                    return false;
                }
            } else if (c == ' ') {
                if (previous == ' ' || previous == '\n') {
                    return false;
                }
            } else if (c < 0x21 || c > 0x7E || c == '<' || c == '&') {
                return false;
            }
            previous = c;
        }
        char first = s.charAt(0);
        return first != '\n' && previous != ' ' && previous != '\n';
    }

    private static String htmlToText(String html) {
        Element body = Jsoup.parseBodyFragment(html).body();
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    text.append(t.getWholeText().replace('\n', ' '));
                } else if (node instanceof Element e
                        && (e.normalName().equals("br") || BLOCKS.contains(e.normalName()))) {
                    text.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    text.append('\n');
                }
            }
        }, body);
        return text.toString();
    }
}
