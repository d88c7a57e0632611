package com.atelier.worker.pipeline;

/** Told after each denoising step; called on the pipeline's thread, so it must be quick. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (completed, total) -> { };

    void stepCompleted(int completedSteps, int totalSteps);
}
