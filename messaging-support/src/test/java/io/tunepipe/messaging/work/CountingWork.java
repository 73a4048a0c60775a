package io.tunepipe.messaging.work;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Work for the tests: counts each key's runs; a key starting with "fails" throws every time. */
@ApplicationScoped
public class CountingWork implements WorkHandler {

    static final String KIND = "counting";

    private final Map<String, Integer> runs = new ConcurrentHashMap<>();
    private final Map<String, String> givenUp = new ConcurrentHashMap<>();

    /** How many times {@code key} was run; accessors, since a test reaches the bean through its client proxy. */
    int runs(String key) {
        return runs.getOrDefault(key, 0);
    }

    String givenUp(String key) {
        return givenUp.get(key);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int concurrency() {
        return 2;
    }

    @Override
    public void run(String key, WorkLease lease) {
        runs.merge(key, 1, Integer::sum);
        if (key.startsWith("fails")) {
            throw new IllegalStateException("no luck with " + key);
        }
    }

    @Override
    public void giveUp(String key, int attempts, String reason) {
        givenUp.put(key, attempts + ": " + reason);
    }
}
