package io.tunepipe.training.provider.local;

import io.tunepipe.localmodel.LocalModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The local models on disk: the base and every fine-tune, loaded on first use and kept in memory. */
@ApplicationScoped
public class LocalModels {

    @Inject
    LocalConfig config;

    private final Map<String, LocalModel> loaded = new ConcurrentHashMap<>();

    Path dir() {
        return Path.of(config.dataDir()).resolve("models");
    }

    /** The directory of a model; its name may hold ':' which is fine on the file systems we run on. */
    Path dirOf(String model) {
        return dir().resolve(model.replace('/', '_'));
    }

    void save(LocalModel model) throws IOException {
        Files.createDirectories(dir());
        model.save(dirOf(model.name()));
        loaded.put(model.name(), model);
    }

    public Optional<LocalModel> find(String name) {
        if (LocalModel.BASE_MODEL.equals(name)) {
            return Optional.of(loaded.computeIfAbsent(name, n -> LocalModel.base()));
        }
        LocalModel model = loaded.get(name);
        if (model != null) {
            return Optional.of(model);
        }
        Path dir = dirOf(name);
        if (!Files.exists(dir.resolve("model.json"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(loaded.computeIfAbsent(name, n -> {
                try {
                    return LocalModel.load(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The base model first, then the fine-tunes on disk. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(LocalModel.BASE_MODEL);
        if (Files.isDirectory(dir())) {
            try (Stream<Path> dirs = Files.list(dir())) {
                dirs.filter(d -> Files.exists(d.resolve("model.json"))).map(d -> d.getFileName().toString())
                        .sorted().forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }
}
