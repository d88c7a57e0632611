package com.atelier.images;

import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobStore;
import com.atelier.moderation.ContentScreening;
import com.atelier.moderation.ModerationDecision;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The request path of the Images API after validation (ARCHITECTURE.md): moderate the prompt, then
 * record, pay for and queue the job in one admission. A refused prompt is charged nothing. The job id
 * comes from the caller's Idempotency-Key when it sent one, so a retried request finds its first job;
 * the seed comes from the job id, so that retry would even draw the same images.
 */
public final class ImageJobs {

    /** The content policy refused the prompt; the review queue has it. */
    public static final class PromptRefusedException extends RuntimeException {
        private final String category;

        PromptRefusedException(String category) {
            super("prompt refused: " + category);
            this.category = category;
        }

        public String category() {
            return category;
        }
    }

    private final ContentScreening screening;
    private final JobAdmission admission;
    private final JobStore jobs;

    public ImageJobs(ContentScreening screening, JobAdmission admission, JobStore jobs) {
        this.screening = screening;
        this.admission = admission;
        this.jobs = jobs;
    }

    /** @throws PromptRefusedException nothing recorded, nothing charged */
    public JobAdmission.Admission generate(String accountId, String requestId, Optional<String> idempotencyKey,
                                           GenerationCommand command) {
        String jobId = JobIds.forIdempotencyKey(accountId, idempotencyKey.orElseGet(() -> UUID.randomUUID().toString()));
        long seed = seedOf(jobId);
        ContentScreening.Screening screened = screening.screen(accountId, requestId, command.prompt(), seed);
        if (!screened.allowed()) {
            throw new PromptRefusedException(((ModerationDecision.Blocked) screened.decision()).category().label());
        }
        JobSpec spec = new JobSpec(command.prompt(), screened.revisedPrompt(), command.size().sidePixels(), seed,
                Optional.empty(), Optional.empty());
        return admission.admit(jobId, accountId, JobKind.GENERATION, command.images(), sha256(command.fingerprint()), spec);
    }

    /** The job once it has finished, or as it stands when the wait runs out. */
    public JobRecord awaitFinished(String jobId, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pauseMillis = 50;
        JobRecord job = jobs.find(jobId).orElseThrow();
        while (!job.isFinished() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(pauseMillis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return job;
            }
            pauseMillis = Math.min(500, pauseMillis * 2);
            job = jobs.find(jobId).orElseThrow();
        }
        return job;
    }

    private static long seedOf(String jobId) {
        return ByteBuffer.wrap(digest(jobId)).getLong() & Long.MAX_VALUE;
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(digest(text));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
