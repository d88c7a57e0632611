package com.atelier.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The functions module's two Lambda packages (see {@code functions/src/assembly/}): {@code lean}
 * without OpenCV for every function that checks no uploaded face, {@code faces} with OpenCV's
 * linux-arm64 natives for those that do.
 */
public record LambdaPackages(Path lean, Path faces) {

    public LambdaPackages {
        for (Path zip : new Path[]{lean, faces}) {
            if (!Files.isRegularFile(zip)) {
                throw new IllegalArgumentException("no Lambda package at " + zip
                        + "; build it first: mvn -pl functions -am package -DskipTests");
            }
        }
    }

    /** Where {@code mvn package} leaves them in the functions module, seen from the infra module. */
    public static LambdaPackages defaults() {
        return new LambdaPackages(defaultLean(), defaultFaces());
    }

    static Path defaultLean() {
        return find("-lambda.zip");
    }

    static Path defaultFaces() {
        return find("-lambda-faces.zip");
    }

    private static Path find(String suffix) {
        Path target = Path.of("..", "functions", "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElse(target.resolve("atelier-functions" + suffix));
        } catch (IOException e) {
            return target.resolve("atelier-functions" + suffix);
        }
    }
}
