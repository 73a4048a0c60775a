package io.tunepipe.training.queue;

import io.tunepipe.training.provider.ProviderChoice;
import io.tunepipe.training.provider.ProviderChoice.Kind;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ProviderChoice}: the requested provider, else the default when this build has it, else OpenAI only with a key,
 * else waiting with a message, and an unknown provider named in the error.
 */
class ProviderChoiceTest {

    private static final Map<String, Optional<String>> OPENAI_WITH_KEY = Map.of("openai", Optional.empty());
    private static final Map<String, Optional<String>> OPENAI_WITHOUT_KEY = Map.of("openai", Optional.of("no key"));

    @Test
    void aRequestedProviderOfThisBuildIsUsed() {
        var outcome = new ProviderChoice(OPENAI_WITHOUT_KEY, "local").choose("openai");
        assertThat(outcome.provider()).isEqualTo("openai");
        assertThat(outcome.kind()).isEqualTo(Kind.READY);
    }

    @Test
    void withoutTheDefaultProviderOpenAiIsUsedOnlyWithAKey() {
        assertThat(new ProviderChoice(OPENAI_WITH_KEY, "local").choose(null))
                .extracting(ProviderChoice.Outcome::provider, ProviderChoice.Outcome::kind)
                .containsExactly("openai", Kind.READY);

        var waiting = new ProviderChoice(OPENAI_WITHOUT_KEY, "local").choose(null);
        assertThat(waiting.provider()).isEqualTo("local");
        assertThat(waiting.kind()).isEqualTo(Kind.WAITING);
        assertThat(waiting.message()).contains("waiting for provider 'local'", "tunepipe.training.openai.api-key");
    }

    @Test
    void theDefaultProviderWinsWhenThisBuildHasIt() {
        var outcome = new ProviderChoice(Map.of("openai", Optional.empty(), "local", Optional.empty()), "local")
                .choose(null);
        assertThat(outcome.provider()).isEqualTo("local");
    }

    @Test
    void anUnknownProviderIsNamedInTheError() {
        var outcome = new ProviderChoice(OPENAI_WITH_KEY, "local").choose("anthropic");
        assertThat(outcome.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(outcome.message()).isEqualTo("unknown training provider 'anthropic'; this build has openai");
    }
}
