package com.atelier.worker.pipeline;

import com.atelier.jobs.JobKind;
import com.atelier.worker.scheduler.SchedulerKind;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Optional;

/**
 * One job's work for the pipeline. {@code mask}: transparent pixels are repainted; without one, the
 * image's own transparency is the mask. {@code strength}: for variations, how much of the noise
 * schedule is run again from the image (1 = all of it, nothing kept).
 */
public record ImageRequest(
        JobKind kind,
        String prompt,
        int images,
        int sizePixels,
        long seed,
        int steps,
        double guidanceScale,
        SchedulerKind scheduler,
        double strength,
        Optional<BufferedImage> image,
        Optional<BufferedImage> mask) {

    public static final double DEFAULT_VARIATION_STRENGTH = 0.6;

    public ImageRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(prompt, "prompt");
        if (images < 1) {
            throw new IllegalArgumentException("images must be at least 1");
        }
        if (sizePixels < 8) {
            throw new IllegalArgumentException("sizePixels must be at least 8");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1");
        }
        if (strength <= 0 || strength > 1) {
            throw new IllegalArgumentException("strength must be in (0, 1]");
        }
        if (kind != JobKind.GENERATION && image.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs an image");
        }
    }

    public static ImageRequest generate(String prompt, int images, int sizePixels, long seed, int steps,
                                        double guidanceScale, SchedulerKind scheduler) {
        return new ImageRequest(JobKind.GENERATION, prompt, images, sizePixels, seed, steps, guidanceScale,
                scheduler, 1.0, Optional.empty(), Optional.empty());
    }

    public ImageRequest withImage(JobKind newKind, BufferedImage source, Optional<BufferedImage> repaintMask, double newStrength) {
        return new ImageRequest(newKind, prompt, images, sizePixels, seed, steps, guidanceScale, scheduler, newStrength,
                Optional.of(source), repaintMask);
    }
}
