package com.atelier.worker.pipeline;

/**
 * How the pipeline uses its machine: the CUDA provider when asked for and present (CPU otherwise),
 * ONNX Runtime's threads per operator (0: its default), and the most images denoised in one batch.
 */
public record PipelineOptions(boolean preferCuda, int intraOpThreads, int maxBatchImages) {

    public PipelineOptions {
        if (maxBatchImages < 1) {
            throw new IllegalArgumentException("maxBatchImages must be at least 1");
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must not be negative");
        }
    }

    public static PipelineOptions defaults() {
        return new PipelineOptions(true, 0, 10);
    }
}
