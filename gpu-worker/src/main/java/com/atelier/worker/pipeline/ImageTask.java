package com.atelier.worker.pipeline;

/** What a job asks of the model. */
public enum ImageTask {
    /** Text to images, from pure noise. */
    GENERATE,
    /** Repaint the masked part of an image (transparent mask pixels), keeping the rest as it was. */
    EDIT,
    /** Images like a given one: img2img from it at a strength that keeps its composition. */
    VARIATION
}
