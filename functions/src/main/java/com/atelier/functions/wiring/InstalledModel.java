package com.atelier.functions.wiring;

import com.atelier.models.ModelCard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the API reads the workers' model from: the folder {@code ATELIER_MODEL_DIR} names when this
 * process can see it (the local stack, where the worker shares the process's environment), else the
 * copy of the bundled model's description and tokenizer that the build puts in this package
 * ({@code bundled-model/} on the class path), which is what a Lambda function has.
 */
final class InstalledModel {

    static final String MODEL_DIR_VARIABLE = "ATELIER_MODEL_DIR";
    private static final String BUNDLED = "/bundled-model/";

    private InstalledModel() {
    }

    static ModelCard read(Map<String, String> environment) {
        Optional<Path> folder = Optional.ofNullable(environment.get(MODEL_DIR_VARIABLE)).filter(dir -> !dir.isBlank())
                .map(Path::of).filter(dir -> Files.isRegularFile(dir.resolve("model_index.json")));
        if (folder.isPresent()) {
            return ModelCard.read(path -> fromFolder(folder.get().resolve(path)));
        }
        return ModelCard.read(InstalledModel::fromClassPath);
    }

    private static Optional<String> fromFolder(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> fromClassPath(String path) {
        try (InputStream in = InstalledModel.class.getResourceAsStream(BUNDLED + path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
