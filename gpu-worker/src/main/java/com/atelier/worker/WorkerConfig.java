package com.atelier.worker;

import com.atelier.config.AtelierConfig;
import com.atelier.config.ConfigurationException;
import com.atelier.worker.scheduler.SchedulerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's settings, from environment variables (each overridable by a system property of the
 * same name). Steps and guidance default to what the model folder recommends.
 *
 * <ul>
 *   <li>{@code ATELIER_MODEL_DIR}: the Stable-Diffusion ONNX folder (default {@code models/atelier-shapes-64})</li>
 *   <li>{@code ATELIER_WORKER_CONCURRENCY}: jobs worked on at once (default 1)</li>
 *   <li>{@code ATELIER_WORKER_STEPS}, {@code ATELIER_WORKER_GUIDANCE}, {@code ATELIER_WORKER_SCHEDULER}</li>
 *   <li>{@code ATELIER_WORKER_MAX_BATCH}: most images denoised in one batch (default 10)</li>
 *   <li>{@code ATELIER_WORKER_CUDA}: {@code on} (default: CUDA when present) or {@code off}</li>
 *   <li>{@code ATELIER_WORKER_VISIBILITY_SECONDS}: how long a received job stays hidden, renewed while it runs (default 120)</li>
 *   <li>{@code ATELIER_WORKER_POLL_SECONDS}: SQS long-poll wait (default 20)</li>
 *   <li>{@code ATELIER_WORKER_RETRY_SECONDS}: a failed attempt's message returns after this, doubled
 *       on each further receive, at most the visibility timeout (default 2)</li>
 *   <li>{@code ATELIER_WORKER_SHUTDOWN_GRACE_SECONDS}: time given to running jobs after SIGTERM (default 90;
 *       a Spot interruption leaves two minutes)</li>
 *   <li>{@code ATELIER_WORKER_HEARTBEAT_FILE}: touched every 30 s while the consumer runs, for a
 *       container health check (default: none)</li>
 * </ul>
 */
public record WorkerConfig(Path modelFolder, int concurrentJobs, Optional<Integer> steps, Optional<Double> guidanceScale,
                           SchedulerKind scheduler, int maxBatchImages, boolean preferCuda, Duration visibilityTimeout,
                           int pollWaitSeconds, Duration retryBackoff, Duration shutdownGrace,
                           Optional<Path> heartbeatFile) {

    public static WorkerConfig fromEnvironment() {
        return from(AtelierConfig.environmentVariables());
    }

    public static WorkerConfig from(Map<String, String> variables) {
        Path model = Path.of(text(variables, "ATELIER_MODEL_DIR", "models/atelier-shapes-64"));
        if (!Files.isDirectory(model)) {
            throw new ConfigurationException("ATELIER_MODEL_DIR", model.toString(), "a Stable-Diffusion ONNX model folder");
        }
        String scheduler = text(variables, "ATELIER_WORKER_SCHEDULER", "dpm-solver-multistep");
        SchedulerKind kind;
        try {
            kind = SchedulerKind.named(scheduler);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("ATELIER_WORKER_SCHEDULER", scheduler, "euler-ancestral, ddim or dpm-solver-multistep");
        }
        String cuda = text(variables, "ATELIER_WORKER_CUDA", "on");
        if (!cuda.equals("on") && !cuda.equals("off")) {
            throw new ConfigurationException("ATELIER_WORKER_CUDA", cuda, "on or off");
        }
        Optional<Integer> steps = optionalNumber(variables, "ATELIER_WORKER_STEPS", 1, 500).map(Number::intValue);
        Optional<Double> guidance = Optional.ofNullable(variables.get("ATELIER_WORKER_GUIDANCE"))
                .filter(v -> !v.isBlank()).map(v -> {
                    try {
                        double value = Double.parseDouble(v.trim());
                        if (value < 1 || value > 30) {
                            throw new NumberFormatException();
                        }
                        return value;
                    } catch (NumberFormatException e) {
                        throw new ConfigurationException("ATELIER_WORKER_GUIDANCE", v, "a number from 1 to 30");
                    }
                });
        return new WorkerConfig(model,
                number(variables, "ATELIER_WORKER_CONCURRENCY", 1, 1, 64),
                steps, guidance, kind,
                number(variables, "ATELIER_WORKER_MAX_BATCH", 10, 1, 64),
                cuda.equals("on"),
                Duration.ofSeconds(number(variables, "ATELIER_WORKER_VISIBILITY_SECONDS", 120, 10, 43_200)),
                number(variables, "ATELIER_WORKER_POLL_SECONDS", 20, 0, 20),
                Duration.ofSeconds(number(variables, "ATELIER_WORKER_RETRY_SECONDS", 2, 0, 900)),
                Duration.ofSeconds(number(variables, "ATELIER_WORKER_SHUTDOWN_GRACE_SECONDS", 90, 0, 3600)),
                Optional.ofNullable(variables.get("ATELIER_WORKER_HEARTBEAT_FILE")).filter(v -> !v.isBlank()).map(Path::of));
    }

    private static String text(Map<String, String> variables, String name, String fallback) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int number(Map<String, String> variables, String name, int fallback, int min, int max) {
        return optionalNumber(variables, name, min, max).map(Number::intValue).orElse(fallback);
    }

    private static Optional<Long> optionalNumber(Map<String, String> variables, String name, long min, long max) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return Optional.of(parsed);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, value, "a whole number from " + min + " to " + max);
        }
    }
}
