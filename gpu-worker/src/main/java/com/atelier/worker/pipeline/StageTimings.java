package com.atelier.worker.pipeline;

/**
 * Where a job's time went, in nanoseconds. {@code onnxRunNanos} is the time spent inside ONNX
 * Runtime's run calls of all stages; the rest of {@code totalNanos} is the pipeline's own overhead.
 */
public record StageTimings(long tokenizerNanos, long textEncoderNanos, long unetNanos, long vaeNanos,
                           long safetyCheckerNanos, long resampleNanos, long onnxRunNanos, long totalNanos) {

    public double overheadFraction() {
        return totalNanos == 0 ? 0 : (double) (totalNanos - onnxRunNanos) / totalNanos;
    }
}
