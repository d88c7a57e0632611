package com.atelier.worker.consumer;

import ai.onnxruntime.OrtException;
import com.atelier.images.ImageKeys;
import com.atelier.images.ImageBlobs;
import com.atelier.jobs.JobCost;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobRepository;
import com.atelier.logging.JsonLog;
import com.atelier.metrics.EmbeddedMetrics;
import com.atelier.worker.WorkerConfig;
import com.atelier.worker.pipeline.DiffusionPipeline;
import com.atelier.worker.pipeline.ImageRequest;
import com.atelier.worker.pipeline.PipelineResult;
import com.atelier.worker.pipeline.StageTimings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Works one job from its queue message to its stored images: claims it (a new attempt), runs the
 * pipeline with progress written at most twice a second, stores the PNGs under keys fixed by the job,
 * and records the outcome, which settles or refunds its credits. What to do with the message is
 * the answer.
 */
public final class JobProcessor {

    /** What the consumer does with the message afterwards. */
    public enum Disposition {
        /** Done, or nothing to do (a duplicate delivery of a finished job): delete it. */
        DELETE,
        /** A failure that may pass: let it come back (after maxReceiveCount it goes to the dead-letter queue). */
        RETRY,
        /** This worker stops (shutdown): make it visible at once for another worker. */
        RELEASE,
        /** Another worker took the job over: leave the message alone, its receipt is theirs now. */
        ABANDON
    }

    /** Figures of one job's work, for logs and the benchmark. */
    public record Work(String jobId, Disposition disposition, Optional<StageTimings> pipeline, long pngEncodeNanos,
                       long uploadNanos, long totalNanos, int images, int flaggedImages) {
    }

    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);
    /** Progress writes of every job this worker runs, one at a time per job. */
    private static final ExecutorService PROGRESS_WRITES = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "atelier-progress");
        thread.setDaemon(true);
        return thread;
    });

    private final JobRepository jobs;
    private final ImageBlobs images;
    private final DiffusionPipeline pipeline;
    private final WorkerConfig config;
    private final Clock clock;

    /** The worker writes its job and its images, nothing else: the job's end reaches credits and reviews elsewhere. */
    public JobProcessor(JobRepository jobs, ImageBlobs images, DiffusionPipeline pipeline, WorkerConfig config,
                        Clock clock) {
        this.jobs = jobs;
        this.images = images;
        this.pipeline = pipeline;
        this.config = config;
        this.clock = clock;
    }

    /** @param stopRequested polled between steps: true makes the job stop and its message go back */
    public Work process(String jobId, BooleanSupplier stopRequested) {
        long started = System.nanoTime();
        Optional<JobRecord> claimed = jobs.claim(jobId, clock.instant());
        if (claimed.isEmpty()) {
            JsonLog.info("job_already_finished", JsonLog.fields().put("jobId", jobId));
            return new Work(jobId, Disposition.DELETE, Optional.empty(), 0, 0, System.nanoTime() - started, 0, 0);
        }
        JobRecord job = claimed.get();
        JsonLog.info("job_started", JsonLog.fields().put("jobId", jobId).put("attempt", job.attempt())
                .put("kind", job.kind().name()).put("images", job.images()).put("size", job.spec().sizePixels()));
        ProgressWriter progress = new ProgressWriter(job, stopRequested);
        PipelineResult result;
        try {
            result = pipeline.run(request(job), progress);
        } catch (StopException stop) {
            return new Work(jobId, stop.disposition, Optional.empty(), 0, 0, System.nanoTime() - started, 0, 0);
        } catch (OrtException e) {
            throw new IllegalStateException("the model failed on job " + jobId, e);
        } finally {
            progress.finish();
        }

        // The images of a job are encoded, then stored, side by side: both are independent per image.
        long mark = System.nanoTime();
        List<byte[]> pngs = result.images().parallelStream().map(JobProcessor::encodePng).toList();
        long encodeNanos = System.nanoTime() - mark;
        // Each kept image keeps its index in the job, which names its seed (seed + index) for the API to show.
        List<String> keys = IntStream.range(0, job.images()).filter(index -> !result.flaggedIndices().contains(index))
                .mapToObj(index -> ImageKeys.result(jobId, index)).toList();
        mark = System.nanoTime();
        IntStream.range(0, pngs.size()).parallel().forEach(index -> images.putPng(keys.get(index), pngs.get(index)));
        long uploadNanos = System.nanoTime() - mark;
        JobCost cost = new JobCost(result.modelName(), result.steps(),
                pipeline.executionProvider().startsWith("CUDA") ? "CUDA" : "CPU",
                Duration.ofNanos(result.timings().onnxRunNanos()).toMillis(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        Instant finishedAt = clock.instant();
        boolean recorded = (keys.isEmpty()
                ? jobs.reject(jobId, job.attempt(), JobOutcomes.ALL_IMAGES_FLAGGED, result.flaggedImages(), cost, finishedAt)
                : jobs.complete(jobId, job.attempt(), keys, result.flaggedImages(), cost, finishedAt)).isPresent();
        Disposition disposition = recorded ? Disposition.DELETE : Disposition.ABANDON;
        if (recorded) {
            EmbeddedMetrics.of("Component", "worker")
                    .put("ImagesMade", keys.size(), EmbeddedMetrics.Unit.COUNT)
                    .put("ImagesFlagged", result.flaggedImages(), EmbeddedMetrics.Unit.COUNT)
                    .put("JobLatency", Duration.between(job.createdAt(), clock.instant()).toMillis(), EmbeddedMetrics.Unit.MILLISECONDS)
                    .put(cost.device().equals("CUDA") ? "GpuMillis" : "CpuMillis", cost.deviceMillis(), EmbeddedMetrics.Unit.MILLISECONDS)
                    .put("WorkMillis", cost.workMillis(), EmbeddedMetrics.Unit.MILLISECONDS)
                    .property("jobId", jobId).property("accountId", job.accountId()).property("model", cost.model())
                    .emit();
        }
        JsonLog.info(keys.isEmpty() ? "job_rejected" : "job_succeeded", JsonLog.fields().put("jobId", jobId)
                .put("attempt", job.attempt()).put("recorded", recorded).put("images", keys.size())
                .put("flaggedImages", result.flaggedImages()).put("model", cost.model()).put("steps", cost.steps())
                .put("device", cost.device()).put("deviceMillis", cost.deviceMillis()).put("workMillis", cost.workMillis())
                .put("pipelineOverhead", result.timings().overheadFraction()));
        return new Work(jobId, disposition, Optional.of(result.timings()), encodeNanos, uploadNanos,
                System.nanoTime() - started, keys.size(), result.flaggedImages());
    }

    private ImageRequest request(JobRecord job) {
        JobSpec spec = job.spec();
        int steps = config.steps().orElse(pipeline.folder().recommendedSteps());
        double guidance = config.guidanceScale().orElse(pipeline.folder().recommendedGuidance());
        JobKind kind = job.kind();
        // A variation has no prompt (as in OpenAI's API): it follows the image alone, unguided.
        String prompt = kind == JobKind.VARIATION ? "" : spec.modelPrompt();
        double scale = kind == JobKind.VARIATION ? 1.0 : guidance;
        ImageRequest request = new ImageRequest(JobKind.GENERATION, prompt, job.images(), spec.sizePixels(), spec.seed(),
                steps, scale, config.scheduler(), 1.0, Optional.empty(), Optional.empty());
        if (kind == JobKind.GENERATION) {
            return request;
        }
        BufferedImage source = decodePng(stored(job, spec.sourceImageKey().orElseThrow(
                () -> new IllegalStateException("job " + job.jobId() + " has no source image"))));
        Optional<BufferedImage> mask = spec.maskKey().map(key -> decodePng(stored(job, key)));
        double strength = kind == JobKind.VARIATION ? ImageRequest.DEFAULT_VARIATION_STRENGTH : 1.0;
        return request.withImage(kind, source, mask, strength);
    }

    private byte[] stored(JobRecord job, String key) {
        return images.find(key).orElseThrow(() -> new IllegalStateException("job " + job.jobId() + " names " + key
                + ", which the bucket no longer holds"));
    }

    private static byte[] encodePng(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage decodePng(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("a stored upload is not an image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class StopException extends RuntimeException {
        final Disposition disposition;

        StopException(Disposition disposition) {
            super(disposition.name(), null, false, false);
            this.disposition = disposition;
        }
    }

    /**
     * Writes progress at most every half second, off the pipeline's thread so that a DynamoDB round
     * trip never holds up a denoising step, and stops the job when asked or when it changed hands.
     */
    private final class ProgressWriter implements com.atelier.worker.pipeline.ProgressListener {
        private final JobRecord job;
        private final BooleanSupplier stopRequested;
        private final AtomicBoolean superseded = new AtomicBoolean();
        private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
        private long lastWriteNanos;

        ProgressWriter(JobRecord job, BooleanSupplier stopRequested) {
            this.job = job;
            this.stopRequested = stopRequested;
        }

        @Override
        public void stepCompleted(int completedSteps, int totalSteps) {
            if (stopRequested.getAsBoolean()) {
                throw new StopException(Disposition.RELEASE);
            }
            if (superseded.get()) {
                throw new StopException(Disposition.ABANDON);
            }
            long now = System.nanoTime();
            boolean due = completedSteps == 1 || now - lastWriteNanos >= PROGRESS_INTERVAL.toNanos();
            if (!due || !inFlight.isDone()) {
                return;
            }
            lastWriteNanos = now;
            inFlight = CompletableFuture.runAsync(() -> {
                if (!jobs.recordProgress(job.jobId(), job.attempt(), completedSteps, totalSteps)) {
                    superseded.set(true);
                }
            }, PROGRESS_WRITES).exceptionally(failure -> {
                JsonLog.warn("progress_write_failed", JsonLog.fields().put("jobId", job.jobId())
                        .put("message", String.valueOf(failure.getMessage())));
                return null;
            });
        }

        /** Lets the last write land before the outcome is recorded. */
        void finish() {
            inFlight.join();
        }
    }
}
