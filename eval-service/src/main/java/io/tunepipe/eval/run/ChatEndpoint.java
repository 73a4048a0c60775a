package io.tunepipe.eval.run;

/** A model that answers one question at a time. */
@FunctionalInterface
public interface ChatEndpoint {

    /** The model's answer, with token counts where the endpoint reports them. */
    record Reply(String text, Integer inputTokens, Integer outputTokens) {
    }

    Reply ask(String question);
}
