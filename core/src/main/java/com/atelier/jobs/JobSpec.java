package com.atelier.jobs;

import java.util.Objects;
import java.util.Optional;

/**
 * What a job makes, as the API accepted it: the prompt and, where the diversity rule revised it, the
 * prompt the model is given; the side of the square images; the seed of the first image (image k
 * uses seed + k); for edits and variations the uploaded image's key, and for edits the mask's.
 */
public record JobSpec(String prompt, Optional<String> revisedPrompt, int sizePixels, long seed,
                      Optional<String> sourceImageKey, Optional<String> maskKey) {

    /** The largest seed a caller may choose (an unsigned 32-bit integer, as most image tools take one). */
    public static final long MAX_SEED = 0xFFFF_FFFFL;

    public JobSpec {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(revisedPrompt, "revisedPrompt");
        Objects.requireNonNull(sourceImageKey, "sourceImageKey");
        Objects.requireNonNull(maskKey, "maskKey");
        if (sizePixels < 1) {
            throw new IllegalArgumentException("sizePixels must be positive");
        }
    }

    public static JobSpec generation(String prompt, int sizePixels, long seed) {
        return new JobSpec(prompt, Optional.empty(), sizePixels, seed, Optional.empty(), Optional.empty());
    }

    /** The prompt the model is given. */
    public String modelPrompt() {
        return revisedPrompt.orElse(prompt);
    }
}
