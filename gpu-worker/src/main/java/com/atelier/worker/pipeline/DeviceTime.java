package com.atelier.worker.pipeline;

/**
 * The time one pipeline run spends inside ONNX Runtime's run calls. One per run, never shared: the
 * sessions are shared by concurrent jobs (ATELIER_WORKER_CONCURRENCY), so a pipeline-wide counter
 * would charge each job the device time of the others that ran beside it. A run's stages are called
 * from its own thread only, hence no synchronisation.
 */
final class DeviceTime {

    private long nanos;

    void add(long runNanos) {
        nanos += runNanos;
    }

    long nanos() {
        return nanos;
    }
}
