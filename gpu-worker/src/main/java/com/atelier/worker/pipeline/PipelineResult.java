package com.atelier.worker.pipeline;

import java.awt.image.BufferedImage;
import java.util.List;

/** The images a job made, in order, without those the safety checker flagged, and which those were. */
public record PipelineResult(List<BufferedImage> images, List<Integer> flaggedIndices, StageTimings timings,
                             String modelName, int steps) {

    public int flaggedImages() {
        return flaggedIndices.size();
    }
}
