package io.tunepipe.augment.paraphrase.offline;

import io.tunepipe.augment.paraphrase.Paraphraser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rewords questions with no network: question-form rewrites in English and French ("When was X born?" ->
 * "What is X's date of birth?", "Est-ce que je peux ...?" -> "Puis-je ...?"), a situation told before the question
 * made its condition ("I have travel plans. Should I cancel them?" -> "Should I cancel them if I have travel
 * plans?"), a condition moved to the front, everyday phrase swaps ("have to" -> "need to"), a parenthesis left out,
 * the question as a search query ("travel plans cancel them"), WordNet synonyms, contractions and, last, polite
 * wrappers. A synonym is taken only
 * where WordNet's sense counts make it safe: the word's commonest part of speech, its commonest sense, a synonym
 * people use in that sense, and no inflection to guess. Names, numbers and dates are left as they are: capitalised
 * words after the first, and anything with a digit, are never replaced.
 */
public final class OfflineParaphraser implements Paraphraser {

    /** A rewrite: a whole-question pattern and its replacement. */
    private record Rewrite(Pattern pattern, String replacement) {
        static Rewrite of(String regex, String replacement) {
            return new Rewrite(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), replacement);
        }
    }

    /** A phrase (any case, whole words) and what replaces it; the first letter's case is kept. */
    private record Swap(Pattern from, String to) {
        static Swap of(String from, String to) {
            return new Swap(Pattern.compile("\\b" + Pattern.quote(from) + "\\b",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), to);
        }

        String applyTo(String q) {
            return from.matcher(q).replaceAll(m -> Matcher.quoteReplacement(
                    Character.isUpperCase(m.group().charAt(0)) ? capitalise(to) : to));
        }
    }

    private static final List<Rewrite> REWRITES = List.of(
            Rewrite.of("^when was (.+) born\\s*\\?$", "What is $1's date of birth?"),
            Rewrite.of("^when was (.+) born\\s*\\?$", "In what year was $1 born?"),
            Rewrite.of("^how do i (.+?)\\s*\\?$", "How to $1?"),
            Rewrite.of("^how do i (.+?)\\s*\\?$", "What is the way to $1?"),
            Rewrite.of("^how do i (.+?)\\s*\\?$", "How should I $1?"),
            Rewrite.of("^how can i (.+?)\\s*\\?$", "What is the best way to $1?"),
            Rewrite.of("^how can i (.+?)\\s*\\?$", "How to $1?"),
            Rewrite.of("^can i (.+?)\\s*\\?$", "Is it possible to $1?"),
            Rewrite.of("^can i (.+?)\\s*\\?$", "Am I allowed to $1?"),
            Rewrite.of("^what is (.+?)\\s*\\?$", "Can you tell me what $1 is?"),
            Rewrite.of("^what are (.+?)\\s*\\?$", "Can you tell me what $1 are?"),
            Rewrite.of("^where is (.+?)\\s*\\?$", "In which place is $1?"),
            Rewrite.of("^where does (.+?)\\s*\\?$", "In which place does $1?"),
            Rewrite.of("^where can i (.+?)\\s*\\?$", "How can I $1?"),
            Rewrite.of("^who (is|was) (.+?)\\s*\\?$", "Can you tell me who $2 $1?"),
            Rewrite.of("^why (.+?)\\s*\\?$", "For what reason $1?"),
            Rewrite.of("^does (.+?)\\s*\\?$", "Is it true that $1?"),
            Rewrite.of("^est-ce que je peux (.+?)\\s*\\?$", "Puis-je $1 ?"),
            Rewrite.of("^est-ce que je peux (.+?)\\s*\\?$", "Ai-je le droit de $1 ?"),
            Rewrite.of("^puis-je (.+?)\\s*\\?$", "Est-ce que je peux $1 ?"),
            Rewrite.of("^est-ce que (.+?)\\s*\\?$", "$1 ?"),
            Rewrite.of("^quand (.+?)\\s*\\?$", "À quel moment $1 ?"),
            Rewrite.of("^comment (.+?)\\s*\\?$", "De quelle façon $1 ?"),
            Rewrite.of("^pourquoi (.+?)\\s*\\?$", "Pour quelle raison $1 ?"),
            Rewrite.of("^où (.+?)\\s*\\?$", "À quel endroit $1 ?"),
            Rewrite.of("^qu'est-ce que (.+?)\\s*\\?$", "Que $1 ?"),
            Rewrite.of("^quel(le)?s? (.+?)\\s*\\?$", "Pouvez-vous me dire quel$1 $2 ?"),
            Rewrite.of("^dois-je (.+?)\\s*\\?$", "Est-ce que je dois $1 ?"),
            Rewrite.of("^est-ce que je dois (.+?)\\s*\\?$", "Dois-je $1 ?"));

    /** A question ending in a condition or time clause: the clause can open the question instead. */
    private static final Pattern TRAILING_CLAUSE = Pattern.compile(
            "^(.{8,}?) (if|when|while|during|after|before"
                    + "|si|lorsque|quand|pendant|durant|avant|après) ([^,]{6,}?)\\s*\\?$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** A statement of the asker's situation, then the question: "I am abroad. Should I come home?". */
    private static final Pattern SITUATION_THEN_QUESTION = Pattern.compile(
            "^((?:i|we|my|our|j'|je|nous|mon|ma|mes)\\b[^.?!]{4,})\\.\\s+([^.?!]{4,}?)\\s*\\?$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern PARENTHESIS = Pattern.compile("\\s*\\([^()]{1,40}\\)");

    /** A closing aside that only gives examples or restates: ", i.e., from the air?", ", such as a mask?". */
    private static final Pattern TRAILING_ASIDE = Pattern.compile(
            "^(.{20,}?),\\s*(?:i\\.e\\.|e\\.g\\.|(?:such as|for example|including|especially|wherever|whatever"
                    + "|par exemple|comme|notamment)\\b).*?(\\s?\\?)$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** A long question (this many words or more) can be asked by its first clause alone, as people often do. */
    private static final int LONG_QUESTION = 12;

    /** Words a search query leaves out: "Are pregnant women at risk?" -> "pregnant women risk". */
    private static final Set<String> QUERY_FILLER = Set.of("a", "an", "the", "is", "are", "was", "were", "be", "been",
            "am", "do", "does", "did", "can", "could", "should", "would", "will", "may", "might", "must", "i", "we",
            "you", "my", "our", "me", "it", "this", "that", "there", "to", "of", "at", "in", "on", "for", "by", "or",
            "and", "if", "so", "have", "has", "what", "which", "who", "how", "when", "where", "why");

    /** A terser query leaves out prepositions and pronouns too: "COVID-19 spread bodily fluids". */
    private static final Set<String> TERSE_QUERY_FILLER = Stream.concat(QUERY_FILLER.stream(), Stream.of("with",
            "from", "into", "through", "about", "around", "during", "against", "between", "without", "such", "as",
            "they", "them", "their", "he", "she", "his", "her", "myself", "not", "i.e", "e.g", "than", "any", "all"))
            .collect(Collectors.toUnmodifiableSet());

    /** French by its spacing before "?" or its first word. */
    private static final Pattern FRENCH = Pattern.compile("(?iu).*\\s\\?$|^(est-ce|puis-je|quand|comment|pourquoi|où"
            + "|quel|quelle|quels|quelles|que|qu'|qui|dois-je|combien)\\b.*");
    /** French by its little words: two of them, since one ("du" in "Gouvernement du Québec") may be a name's. */
    private static final Pattern FRENCH_WORD = Pattern.compile(
            "(?iu)\\b(je|j'|le|la|les|des|du|une|est|sont|pour|avec|dans|mon|ma|mes|vous|nous)\\b");

    /** A yes-no question: it opens with its verb. */
    private static final Pattern YES_NO = Pattern.compile(
            "^(?:is|are|was|were|will|would|can|could|should|must|do|does|did|has|have|may)\\s.{8,}?\\s*\\?$",
            Pattern.CASE_INSENSITIVE);

    /** Everyday phrases and what people write instead, both ways where both read well. */
    private static final List<Swap> PHRASES = List.of(
            Swap.of("what do I have to do", "what should I do"),
            Swap.of("what should I do", "what do I need to do"),
            Swap.of("what should I do", "what steps should I take"),
            Swap.of("what can I do to", "how can I"),
            Swap.of("what should I do to", "how do I"),
            Swap.of("have to", "need to"),
            Swap.of("need to", "have to"),
            Swap.of("I must", "I have to"),
            Swap.of("we must", "we have to"),
            Swap.of("should I", "do I need to"),
            Swap.of("can I", "could I"),
            Swap.of("can we", "could we"),
            Swap.of("will I", "am I going to"),
            Swap.of("what happens", "what will happen"),
            Swap.of("which", "what"),
            Swap.of("is there any", "is there a"),
            Swap.of("are there any", "are there"),
            Swap.of("permitted", "allowed"),
            Swap.of("allowed", "permitted"),
            Swap.of("get information", "find information"),
            Swap.of("is it possible to", "can I"),
            Swap.of("est-ce que je dois", "dois-je"),
            Swap.of("je dois", "il faut que je"));

    /** Contractions, each both ways, in a fixed order so that the same question always gets the same candidates. */
    private static final List<Swap> CONTRACTIONS = bothWays("do not", "don't", "does not", "doesn't", "is not",
            "isn't", "cannot", "can't", "I am", "I'm", "what is", "what's", "it is", "it's", "are not", "aren't",
            "will not", "won't", "should not", "shouldn't");

    private final WordNetSynonyms synonyms = new WordNetSynonyms();

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public List<Proposal> propose(List<String> questions) {
        return questions.stream().map(q -> Proposal.of(q, candidates(q))).toList();
    }

    /**
     * Candidate rewordings of one question, the likeliest to help first, more than will be kept; may be empty: new
     * forms, search queries, synonyms, then the new forms with synonyms too, contractions and polite wrappers.
     */
    public List<String> candidates(String question) {
        String q = question.strip();
        boolean french = FRENCH.matcher(q).matches() || FRENCH_WORD.matcher(q).results().count() >= 2;
        Set<String> out = new LinkedHashSet<>();
        List<String> forms = forms(q, french);
        out.addAll(forms);
        if (!french) {
            out.add(query(q, QUERY_FILLER));
            out.add(query(q, TERSE_QUERY_FILLER));
            out.addAll(synonyms.each(q));
            for (String form : forms) {
                out.add(synonyms.all(form));
            }
            out.add(query(synonyms.all(q), QUERY_FILLER));
        }
        for (Swap contraction : CONTRACTIONS) {
            out.add(contraction.applyTo(q));
        }
        for (String form : french ? List.of(q) : List.of(q, synonyms.all(q))) {
            String body = lowerFirst(form);
            if (french) {
                out.add("Pouvez-vous me dire " + body);
                out.add("J'aimerais savoir : " + body);
                out.add("Savez-vous " + body);
            } else {
                out.add("Could you tell me: " + body);
                out.add("I'd like to know, " + body);
                out.add("Do you know " + body);
            }
        }
        out.remove(q);
        return new ArrayList<>(out);
    }

    /**
     * The question in other forms: its situation made a condition, rewritten, clauses moved, phrases swapped, an
     * aside left out, one of several questions alone, a long question's first clause alone.
     */
    private static List<String> forms(String q, boolean french) {
        String mark = french ? " ?" : "?";
        Set<String> out = new LinkedHashSet<>();
        Matcher situation = SITUATION_THEN_QUESTION.matcher(q);
        boolean toldSituation = situation.matches();
        if (toldSituation) {
            String told = lowerFirst(situation.group(1));
            String asked = situation.group(2);
            out.add(asked + (french ? " si " : " if ") + told + mark);
            out.add((french ? "Si " : "If ") + told + ", " + lowerFirst(asked) + mark);
        }
        for (Rewrite r : REWRITES) {
            Matcher m = r.pattern().matcher(q);
            if (m.matches()) {
                out.add(capitalise(m.replaceFirst(r.replacement())));
            }
        }
        Matcher clause = TRAILING_CLAUSE.matcher(q);
        if (clause.matches()) {
            out.add(capitalise(clause.group(2).toLowerCase(Locale.ROOT)) + " " + clause.group(3) + ", "
                    + lowerFirst(clause.group(1)) + mark);
        }
        for (Swap phrase : PHRASES) {
            out.add(phrase.applyTo(q));
        }
        if (YES_NO.matcher(q).matches()) {
            out.add(q.replaceFirst("\\s*\\?$", " or not?"));
        }
        out.add(PARENTHESIS.matcher(q).replaceAll(""));
        Matcher aside = TRAILING_ASIDE.matcher(q);
        if (aside.matches()) {
            out.add(aside.group(1) + aside.group(2));
        }
        String[] sentences = q.split("(?<=[?.!])\\s+");
        if (!toldSituation && sentences.length > 1) {
            Arrays.stream(sentences).filter(x -> x.endsWith("?") && x.split("\\s+").length >= 4).forEach(out::add);
        }
        String[] clauses = q.split(",\\s+");
        if (q.split("\\s+").length >= LONG_QUESTION && clauses.length > 1 && clauses[0].split("\\s+").length >= 5
                && !Character.isDigit(clauses[1].charAt(0))) {
            out.add(clauses[0] + mark);
        }
        out.remove(q);
        return new ArrayList<>(out);
    }

    /** The question as a search query: its content words, no punctuation but inside words. */
    private static String query(String q, Set<String> filler) {
        List<String> words = new ArrayList<>();
        for (String token : q.split("\\s+")) {
            String word = token.replaceAll("^\\p{P}+|\\p{P}+$", "");
            if (!word.isEmpty() && !filler.contains(word.toLowerCase(Locale.ROOT))) {
                words.add(word);
            }
        }
        return String.join(" ", words);
    }

    /** A swap each way for each pair of phrases, pair after pair. */
    private static List<Swap> bothWays(String... pairs) {
        List<Swap> swaps = new ArrayList<>();
        for (int k = 0; k < pairs.length; k += 2) {
            swaps.add(Swap.of(pairs[k], pairs[k + 1]));
            swaps.add(Swap.of(pairs[k + 1], pairs[k]));
        }
        return List.copyOf(swaps);
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The text with its first letter lower-cased, unless that word is an acronym or the pronoun "I". */
    private static String lowerFirst(String s) {
        boolean pronoun = s.startsWith("I ") || s.startsWith("I'") || s.startsWith("I’");
        if (s.length() > 1 && !pronoun && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
