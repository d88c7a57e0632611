package com.atelier.worker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A model folder in the layout of Stable-Diffusion ONNX exports: {@code tokenizer/}, {@code text_encoder/},
 * {@code unet/}, {@code vae_decoder/}, {@code vae_encoder/}, {@code scheduler/}, optionally
 * {@code safety_checker/}, and {@code model_index.json}. What the folder says of itself (its name and
 * native size, under {@code _atelier} in the index) is read from it; what it does not say comes from
 * the models' own inputs.
 */
public record ModelFolder(Path root, String name, Optional<Integer> declaredNativeSizePixels,
                          int recommendedSteps, double recommendedGuidance) {

    private static final List<String> REQUIRED = List.of(
            "tokenizer/vocab.json", "tokenizer/merges.txt", "text_encoder/model.onnx", "unet/model.onnx",
            "vae_decoder/model.onnx", "scheduler/scheduler_config.json");

    public static ModelFolder open(Path root) {
        for (String file : REQUIRED) {
            if (!Files.isRegularFile(root.resolve(file))) {
                throw new IllegalArgumentException(root + " is not a Stable-Diffusion ONNX folder: it lacks " + file);
            }
        }
        JsonNode atelier = readIndex(root).path("_atelier");
        String name = atelier.path("name").asText(root.getFileName().toString());
        Optional<Integer> nativeSize = atelier.hasNonNull("native_size")
                ? Optional.of(atelier.get("native_size").asInt()) : Optional.empty();
        return new ModelFolder(root, name, nativeSize, atelier.path("recommended_steps").asInt(30),
                atelier.path("recommended_guidance").asDouble(7.5));
    }

    private static JsonNode readIndex(Path root) {
        Path index = root.resolve("model_index.json");
        if (!Files.exists(index)) {
            return new ObjectMapper().createObjectNode();
        }
        try {
            return new ObjectMapper().readTree(index.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
    }

    public Path tokenizer() {
        return root.resolve("tokenizer");
    }

    public Path textEncoder() {
        return root.resolve("text_encoder/model.onnx");
    }

    public Path unet() {
        return root.resolve("unet/model.onnx");
    }

    public Path vaeDecoder() {
        return root.resolve("vae_decoder/model.onnx");
    }

    public Optional<Path> vaeEncoder() {
        return existing(root.resolve("vae_encoder/model.onnx"));
    }

    public Optional<Path> safetyChecker() {
        return existing(root.resolve("safety_checker/model.onnx"));
    }

    public Path schedulerConfig() {
        return root.resolve("scheduler/scheduler_config.json");
    }

    private static Optional<Path> existing(Path path) {
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }
}
