package com.atelier.worker.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;

/** The model folder committed with the project, found above the module's working folder. */
public final class BundledModel {

    private BundledModel() {
    }

    public static Path folder() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve("models/atelier-shapes-64");
            if (Files.isRegularFile(candidate.resolve("model_index.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("models/atelier-shapes-64 is not above " + Path.of("").toAbsolutePath());
    }
}
