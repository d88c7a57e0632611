package com.atelier.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an installed model is, from its own folder: {@code model_index.json}'s {@code _atelier} block
 * (name, what it draws, native size, recommended steps and guidance, when it was made) and its
 * tokenizer's vocabulary.
 *
 * @param createdEpochSeconds when the model was made, as OpenAI's models list shows {@code created}
 */
public record ModelCard(String id, long createdEpochSeconds, String domain, int nativeSizePixels,
                        int recommendedSteps, double recommendedGuidance, ModelVocabulary vocabulary) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads a model folder through {@code files}, which gives a file's text by its path in the folder
     * ({@code model_index.json}, {@code tokenizer/vocab.json}, {@code tokenizer/merges.txt}).
     */
    public static ModelCard read(Function<String, Optional<String>> files) {
        JsonNode index;
        try {
            index = JSON.readTree(required(files, "model_index.json")).path("_atelier");
        } catch (IOException e) {
            throw new UncheckedIOException("model_index.json is not JSON", e);
        }
        if (!index.path("name").isTextual() || !index.path("native_size").isInt()) {
            throw new IllegalArgumentException("model_index.json has no _atelier block with name and native_size");
        }
        return new ModelCard(index.path("name").asText(), index.path("created").asLong(0),
                index.path("domain").asText(""), index.path("native_size").asInt(),
                index.path("recommended_steps").asInt(), index.path("recommended_guidance").asDouble(),
                ModelVocabulary.fromTokenizer(required(files, "tokenizer/vocab.json"), required(files, "tokenizer/merges.txt")));
    }

    private static String required(Function<String, Optional<String>> files, String path) {
        return files.apply(path).orElseThrow(() -> new IllegalArgumentException("the model folder has no " + path));
    }
}
