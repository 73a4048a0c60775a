package io.tunepipe.augment.service;

import io.tunepipe.augment.config.AugmentConfig;
import io.tunepipe.augment.paraphrase.Paraphraser;
import io.tunepipe.augment.paraphrase.llm.LlmParaphraser;
import io.tunepipe.augment.paraphrase.llm.LlmSettings;
import io.tunepipe.augment.paraphrase.offline.OfflineParaphraser;
import io.tunepipe.augment.repository.ParaphraseCacheRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Locale;

/** The paraphrasers this instance offers, by name, each built on first use; and which one is the default. */
@ApplicationScoped
public class Paraphrasers {

    public static final String OFFLINE = "offline";
    public static final String LLM = "llm";

    @Inject
    AugmentConfig config;
    @Inject
    ParaphraseCacheRepository cache;

    private OfflineParaphraser offline;
    private LlmParaphraser llm;

    /** The configured paraphraser, else {@code llm} when an LLM base URL is set, else {@code offline}. */
    public String defaultName() {
        return config.paraphraser().map(n -> n.toLowerCase(Locale.ROOT))
                .orElse(config.llm().baseUrl().isPresent() ? LLM : OFFLINE);
    }

    /** The names a run may ask for here: {@code llm} only when an endpoint is configured. */
    public List<String> available() {
        return config.llm().baseUrl().isPresent() ? List.of(OFFLINE, LLM) : List.of(OFFLINE);
    }

    /** The paraphraser of that name; IllegalArgumentException when unknown or not configured. */
    public synchronized Paraphraser get(String name) {
        String n = name == null ? defaultName() : name.toLowerCase(Locale.ROOT);
        if (!available().contains(n)) {
            throw new IllegalArgumentException("unknown or unavailable paraphraser '" + name + "' (available: "
                    + String.join(", ", available()) + (n.equals(LLM) ? "; set tunepipe.augment.llm.base-url" : "")
                    + ")");
        }
        if (n.equals(OFFLINE)) {
            if (offline == null) {
                offline = new OfflineParaphraser();
            }
            return offline;
        }
        if (llm == null) {
            AugmentConfig.Llm c = config.llm();
            llm = new LlmParaphraser(new LlmSettings(c.baseUrl().orElseThrow(), c.model(), c.apiKey().orElse(null),
                    c.temperature(), c.questionsPerRequest(), c.candidatesPerQuestion(), c.concurrency(), c.timeout(),
                    c.maxAttempts(), c.initialBackoff(), c.maxBackoff(), c.malformedRetries(), c.breakerThreshold(),
                    c.breakerOpenFor()), cache);
        }
        return llm;
    }

    @PreDestroy
    synchronized void close() {
        if (llm != null) {
            llm.close();
        }
    }
}
