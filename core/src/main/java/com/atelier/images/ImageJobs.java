package com.atelier.images;

import com.atelier.hashing.Sha256;
import com.atelier.auth.Caller;
import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobAttribution;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobRepository;
import com.atelier.accounts.Account;
import com.atelier.metrics.EmbeddedMetrics;
import com.atelier.models.ModelCard;
import com.atelier.moderation.ContentScreening;
import com.atelier.moderation.ModerationDecision;
import com.atelier.webhooks.JobCallback;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The request path of the Images API after validation (docs/architecture.md): moderate the prompt, then
 * record, pay for and queue the job in one admission. A refused prompt is charged nothing. The job id
 * comes from the caller's Idempotency-Key when it sent one, so a retried request finds its first job;
 * the seed is the caller's when it chose one, else it comes from the job id, so that retry would even
 * draw the same images.
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

    /** No word of the prompt is one the model knows: it would draw nothing the prompt asks for. */
    public static final class UnknownWordsException extends RuntimeException {
        private final ModelCard model;

        UnknownWordsException(ModelCard model) {
            super("no word of the prompt is in " + model.id() + "'s vocabulary");
            this.model = model;
        }

        public ModelCard model() {
            return model;
        }
    }

    /** The upload shows a realistic human face; the review queue has it. */
    public static final class UploadRefusedException extends RuntimeException {
        UploadRefusedException(int faces) {
            super("upload refused: " + faces + " realistic face(s)");
        }
    }

    private final ContentScreening screening;
    private final JobAdmission admission;
    private final JobRepository jobs;
    private final ImageBlobs images;
    private final Optional<ModelCard> knownWordsOf;

    /** @param knownWordsOf the model whose vocabulary a prompt must share a word with; empty: any prompt is drawn */
    public ImageJobs(ContentScreening screening, JobAdmission admission, JobRepository jobs, ImageBlobs images,
                     Optional<ModelCard> knownWordsOf) {
        this.screening = screening;
        this.admission = admission;
        this.jobs = jobs;
        this.images = images;
        this.knownWordsOf = knownWordsOf;
    }

    /**
     * An edit (prompt, image, optional mask) or a variation (image alone): the prompt and the upload
     * are screened before anything is stored or charged; the upload is stored under the job's id.
     *
     * @throws UnknownWordsException nothing stored, nothing charged
     * @throws PromptRefusedException nothing stored, nothing charged
     * @throws UploadRefusedException nothing stored, nothing charged
     */
    public JobAdmission.Admission fromImage(Caller caller, String requestId, Optional<String> idempotencyKey,
                                            JobKind kind, ImageCommand command, Optional<JobCallback> callback) {
        Account account = caller.account();
        String accountId = account.accountId();
        String jobId = JobIds.forIdempotencyKey(accountId, idempotencyKey.orElseGet(() -> UUID.randomUUID().toString()));
        long seed = command.seed().orElseGet(() -> Seeds.fromJobId(jobId));
        Optional<String> revised = Optional.empty();
        if (command.prompt().isPresent()) {
            ContentScreening.Screening screened = screening.screen(accountId, requestId, command.prompt().get(), seed);
            if (!screened.allowed()) {
                throw new PromptRefusedException(((ModerationDecision.Blocked) screened.decision()).category().label());
            }
            requireKnownWords(command.prompt().get());
            revised = screened.revisedPrompt();
        }
        ContentScreening.UploadScreening upload = screening.screenUpload(accountId, requestId, command.image().pixels());
        if (!upload.allowed()) {
            throw new UploadRefusedException(upload.faces().size());
        }
        String imageHash = Sha256.hex(command.image().png());
        Optional<String> maskHash = command.mask().map(mask -> Sha256.hex(mask.png()));
        // Keyed by content, so a request reusing an Idempotency-Key with another image never overwrites the first job's.
        String imageKey = ImageKeys.upload(accountId, jobId + "-image-" + imageHash);
        Optional<String> maskKey = maskHash.map(hash -> ImageKeys.upload(accountId, jobId + "-mask-" + hash));
        images.putPng(imageKey, command.image().png());
        command.mask().ifPresent(mask -> images.putPng(maskKey.orElseThrow(), mask.png()));
        JobSpec spec = new JobSpec(command.prompt().orElse(""), revised, command.size().sidePixels(), seed,
                Optional.of(imageKey), maskKey);
        return spent(admission.admit(account, jobId, kind, command.images(), Sha256.hex(command.fingerprint(kind, imageHash, maskHash)), spec,
                attribution(caller, command.user()), callback));
    }

    /**
     * @throws UnknownWordsException nothing recorded, nothing charged
     * @throws PromptRefusedException nothing recorded, nothing charged
     */
    public JobAdmission.Admission generate(Caller caller, String requestId, Optional<String> idempotencyKey,
                                           GenerationCommand command, Optional<JobCallback> callback) {
        Account account = caller.account();
        String accountId = account.accountId();
        String jobId = JobIds.forIdempotencyKey(accountId, idempotencyKey.orElseGet(() -> UUID.randomUUID().toString()));
        long seed = command.seed().orElseGet(() -> Seeds.fromJobId(jobId));
        ContentScreening.Screening screened = screening.screen(accountId, requestId, command.prompt(), seed);
        if (!screened.allowed()) {
            throw new PromptRefusedException(((ModerationDecision.Blocked) screened.decision()).category().label());
        }
        requireKnownWords(command.prompt());
        JobSpec spec = new JobSpec(command.prompt(), screened.revisedPrompt(), command.size().sidePixels(), seed,
                Optional.empty(), Optional.empty());
        return spent(admission.admit(account, jobId, JobKind.GENERATION, command.images(),
                Sha256.hex(command.fingerprint()), spec, attribution(caller, command.user()), callback));
    }

    private static JobAttribution attribution(Caller caller, Optional<String> endUser) {
        return new JobAttribution(caller.apiKeyId(), endUser, JobAttribution.DALL_E_2);
    }

    /**
     * After the content policy, so that a refused prompt is refused and reviewed as such whatever its words.
     *
     * @throws UnknownWordsException before anything is stored or charged
     */
    private void requireKnownWords(String prompt) {
        knownWordsOf.filter(model -> !model.vocabulary().knowsAnyWordOf(prompt)).ifPresent(model -> {
            throw new UnknownWordsException(model);
        });
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

    /** The cost dashboards count credits when a job is paid for, once, whichever API took it. */
    private static JobAdmission.Admission spent(JobAdmission.Admission admitted) {
        if (admitted.chargedNow()) {
            JobRecord job = admitted.job();
            EmbeddedMetrics.of("JobKind", job.kind().name())
                    .put("CreditsSpent", job.credits(), EmbeddedMetrics.Unit.COUNT)
                    .put("ImagesRequested", job.images(), EmbeddedMetrics.Unit.COUNT)
                    .property("jobId", job.jobId())
                    .property("accountId", job.accountId())
                    .emit();
        }
        return admitted;
    }
}
