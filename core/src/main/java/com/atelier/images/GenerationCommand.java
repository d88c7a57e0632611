package com.atelier.images;

import com.atelier.jobs.JobKind;
import java.util.List;
import java.util.Optional;

/**
 * A validated request for images from text, as OpenAI's Images API takes it for dall-e-2: the
 * prompt (at most 1000 characters), 1 to 10 images, one of the three sizes, and the caller's own
 * end-user id if it sent one; and Atelier's extension, the seed of the first image when the caller chose one.
 */
public record GenerationCommand(String prompt, int images, ImageSize size, Optional<String> user, Optional<Long> seed) {

    public static final int MAX_PROMPT_CHARACTERS = 1000;
    public static final int MAX_IMAGES = 10;

    public GenerationCommand {
        if (prompt.isBlank() || prompt.length() > MAX_PROMPT_CHARACTERS) {
            throw new IllegalArgumentException("prompt must have 1 to " + MAX_PROMPT_CHARACTERS + " characters");
        }
        if (images < 1 || images > MAX_IMAGES) {
            throw new IllegalArgumentException("images must be 1 to " + MAX_IMAGES);
        }
        Seeds.check(seed);
    }

    /** What makes two requests the same request, for Idempotency-Key. */
    public String fingerprint() {
        return RequestFingerprint.of(JobKind.GENERATION, prompt, images, size, user, seed, List.of());
    }
}
