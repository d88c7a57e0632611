package com.atelier.jobs;

/**
 * What a job took on the worker, for the cost dashboards: the model and steps, the device ONNX Runtime
 * ran on ("CUDA" or "CPU"), the milliseconds inside the model runs on it, and the worker's whole
 * time on the job (fetching, encoding, storing included).
 */
public record JobCost(String model, int steps, String device, long deviceMillis, long workMillis) {
}
