package io.tunepipe.training;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.util.Map;

/** A {@code @ConfigMapping} built from the given values and its defaults alone, apart from the test profile. */
public final class MappedConfig {

    private MappedConfig() {
    }

    public static <T> T of(Class<T> mapping, Map<String, String> values) {
        return new SmallRyeConfigBuilder().withMapping(mapping)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test values", 500))
                .build().getConfigMapping(mapping);
    }
}
