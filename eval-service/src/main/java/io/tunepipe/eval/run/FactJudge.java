package io.tunepipe.eval.run;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An LLM judge with the openai/evals "fact" rubric: the judge compares an answer with the reference and picks
 * (A) subset, (B) superset, (C) same details, (D) disagreement or (E) different but equally factual. Choices score
 * as in autoevals' factuality grader: A 0.4, B 0.6, C 1, D 0, E 1.
 */
public final class FactJudge {

    static final Map<String, Double> SCORES = Map.of("A", 0.4, "B", 0.6, "C", 1.0, "D", 0.0, "E", 1.0);
    private static final Pattern CHOICE = Pattern.compile("\\(([A-E])\\)|^\\s*([A-E])\\b|\\b([A-E])\\s*$");

    private final ChatEndpoint judge;

    public FactJudge(ChatEndpoint judge) {
        this.judge = judge;
    }

    /** The judge's verdict on one answer. */
    public record Judgement(String choice, double score) {
    }

    public Judgement judge(String question, String reference, String answer) {
        String prompt = """
                You are comparing a submitted answer to an expert answer on a given question. Here is the data:
                [BEGIN DATA]
                ************
                [Question]: %s
                ************
                [Expert]: %s
                ************
                [Submission]: %s
                ************
                [END DATA]

                Compare the factual content of the submitted answer with the expert answer. Ignore any differences \
                in style, grammar, or punctuation.
                The submitted answer may either be a subset or superset of the expert answer, or it may conflict \
                with it. Determine which case applies. Answer the question by selecting one of the following options:
                (A) The submitted answer is a subset of the expert answer and is fully consistent with it.
                (B) The submitted answer is a superset of the expert answer and is fully consistent with it.
                (C) The submitted answer contains all the same details as the expert answer.
                (D) There is a disagreement between the submitted answer and the expert answer.
                (E) The answers differ, but these differences don't matter from the perspective of factuality.
                Answer with the letter of your choice in parentheses, such as (C).""".formatted(question, reference,
                answer);
        String reply = judge.ask(prompt).text();
        String choice = choice(reply == null ? "" : reply);
        if (choice == null) {
            throw new IllegalStateException("the judge gave no choice A to E: " + reply);
        }
        return new Judgement(choice, SCORES.get(choice));
    }

    static String choice(String reply) {
        Matcher m = CHOICE.matcher(reply.strip());
        if (!m.find()) {
            return null;
        }
        for (int g = 1; g <= 3; g++) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        return null;
    }
}
