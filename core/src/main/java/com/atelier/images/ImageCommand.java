package com.atelier.images;

import com.atelier.jobs.JobKind;
import java.util.List;
import java.util.Optional;

/**
 * An edit or a variation as the API validated it: how many images, their size, the caller's end
 * user; the prompt and mask only for edits; the seed of the first image when the caller chose one.
 */
public record ImageCommand(Optional<String> prompt, int images, ImageSize size, Optional<String> user,
                           Optional<Long> seed, UploadedImage image, Optional<UploadedImage> mask) {

    public ImageCommand {
        if (images < 1 || images > GenerationCommand.MAX_IMAGES) {
            throw new IllegalArgumentException("images must be 1 to " + GenerationCommand.MAX_IMAGES);
        }
        Seeds.check(seed);
    }

    /** What makes two requests the same request, for Idempotency-Key; the uploads count by their SHA-256. */
    public String fingerprint(JobKind kind, String imageHash, Optional<String> maskHash) {
        List<String> uploads = maskHash.map(mask -> List.of(imageHash, mask)).orElse(List.of(imageHash));
        return RequestFingerprint.of(kind, prompt.orElse(""), images, size, user, seed, uploads);
    }
}
