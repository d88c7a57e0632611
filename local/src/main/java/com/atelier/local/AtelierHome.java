package com.atelier.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the local stack runs from: where dynalite is installed and state is written. */
public final class AtelierHome {

    public static final String PROPERTY = "atelier.home";

    private AtelierHome() {
    }

    /** {@code -Datelier.home} when set (the {@code atelier} script sets it), else the nearest checkout above the working folder. */
    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("local/dynalite/serve.js"))) {
                return dir;
            }
        }
        throw new LocalStackException("cannot find the Atelier checkout above " + Path.of("").toAbsolutePath()
                + ": run from inside it, or set -D" + PROPERTY);
    }

    /** The bundled model, which the local worker uses unless ATELIER_MODEL_DIR names another folder. */
    public static Path bundledModel(Path home) {
        return home.resolve("models/atelier-shapes-64");
    }

    public static Path dynaliteDir(Path home) {
        return home.resolve("local/dynalite");
    }

    /** The web client as Vite built it ({@code ./atelier up} builds it when its sources changed). */
    public static Path webClient(Path home) {
        return home.resolve("web/dist");
    }
}
