package io.tunepipe.training.provider;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The providers of this build, by name. */
@ApplicationScoped
public class ProviderRegistry {

    private final Map<String, TrainingProvider> byName = new TreeMap<>();

    @Inject
    public ProviderRegistry(@Any Instance<TrainingProvider> providers) {
        for (TrainingProvider p : providers) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalStateException("two training providers are named " + p.name());
            }
        }
    }

    public Optional<TrainingProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Map<String, TrainingProvider> all() {
        return Map.copyOf(byName);
    }
}
