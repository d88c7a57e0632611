package com.atelier.testkit.contracts;

import com.atelier.jobs.JobCost;
import com.atelier.jobs.JobAttribution;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobRepository;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobStatus;
import com.atelier.paging.PageCursor;
import com.atelier.webhooks.JobCallback;
import java.net.URI;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules every {@link JobRepository} keeps, run against each adapter. Ids are fresh per test, so a
 * shared table serves all tests; instants are whole milliseconds, as the table keeps them.
 */
public abstract class JobRepositoryContract {

    private static final JobCost COST = new JobCost("tiny-sd", 20, "CPU", 1_500, 2_000);

    /** A moment of its own per test, far from the others', for the queries across all accounts. */
    private final Instant now = Instant.parse("1990-01-01T00:00:00Z")
            .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextLong(0, 5_000_000)));
    private final String accountId = "acct-" + UUID.randomUUID();

    protected abstract JobRepository repository();

    private JobRecord queued(Instant createdAt) {
        return JobRecord.queued("job_" + UUID.randomUUID().toString().replace("-", ""), accountId, JobKind.GENERATION,
                4, 1, "hash-1", JobSpec.generation("a red cube", 256, 42),
                new JobAttribution(Optional.of("key_1"), Optional.of("end-user-7"), JobAttribution.DALL_E_2), createdAt);
    }

    private JobRecord recorded() {
        return repository().record(queued(now)).job();
    }

    private JobRecord running(JobRecord job) {
        return repository().claim(job.jobId(), now.plusSeconds(1)).orElseThrow();
    }

    @Test
    void recordsANewJobAsGiven() {
        JobRecord job = queued(now);

        JobRepository.Recorded recorded = repository().record(job);

        assertThat(recorded.created()).isTrue();
        assertThat(recorded.job()).isEqualTo(job);
        assertThat(repository().find(job.jobId())).contains(job);
    }

    @Test
    void aJobWithoutKeyOrEndUserIsRecordedWithoutThem() {
        JobRecord job = JobRecord.queued("job_" + UUID.randomUUID().toString().replace("-", ""), accountId,
                JobKind.VARIATION, 1, 1, "hash-2", JobSpec.generation("", 512, 7),
                JobAttribution.accountOnly(JobAttribution.DALL_E_2), now);

        repository().record(job);

        assertThat(repository().find(job.jobId()).orElseThrow().attribution())
                .isEqualTo(JobAttribution.accountOnly(JobAttribution.DALL_E_2));
    }

    @Test
    void aJobKeepsItsCallbackAndTheMomentsItWants() {
        JobCallback callback = new JobCallback(URI.create("https://hooks.example.com/atelier?job=1"),
                EnumSet.of(JobCallback.Moment.START, JobCallback.Moment.COMPLETED));
        JobRecord job = JobRecord.queued("job_" + UUID.randomUUID().toString().replace("-", ""), accountId,
                JobKind.GENERATION, 1, 1, "hash-3", JobSpec.generation("a red cube", 256, 7),
                JobAttribution.accountOnly(JobAttribution.DALL_E_2), Optional.of(callback), now);

        repository().record(job);
        JobRecord started = running(job);

        assertThat(repository().find(job.jobId()).orElseThrow().callback()).contains(callback);
        assertThat(started.callback()).contains(callback);
    }

    @Test
    void aReplayedIdAnswersTheJobAlreadyThereUnchanged() {
        JobRecord first = recorded();
        repository().transition(first.jobId(), JobStatus.QUEUED, JobStatus.CANCELLED, Optional.of("cancelled"), now);
        JobRecord replay = new JobRecord(first.jobId(), accountId, JobKind.EDIT, 3, 1, JobStatus.QUEUED, Optional.empty(),
                "another-hash", now.plusSeconds(5), now.plusSeconds(5), JobSpec.generation("other", 512, 1), 0, 0, 0,
                List.of(), 0, Optional.empty(), JobAttribution.accountOnly(JobAttribution.DALL_E_2), Optional.empty());

        JobRepository.Recorded recorded = repository().record(replay);

        assertThat(recorded.created()).isFalse();
        assertThat(recorded.job().requestHash()).isEqualTo("hash-1");
        assertThat(recorded.job().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(repository().find(first.jobId())).contains(recorded.job());
    }

    @Test
    void findAnswersNothingForAnUnknownJob() {
        assertThat(repository().find("job_unknown_" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void aTransitionAnswersTheJobAsWritten() {
        JobRecord job = recorded();

        Optional<JobRecord> cancelled = repository().transition(job.jobId(), JobStatus.QUEUED, JobStatus.CANCELLED,
                Optional.of("insufficient_quota"), now.plusSeconds(2));

        assertThat(cancelled).isPresent();
        assertThat(cancelled.get().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.get().statusReason()).contains("insufficient_quota");
        assertThat(cancelled.get().updatedAt()).isEqualTo(now.plusSeconds(2));
        assertThat(cancelled.get().createdAt()).isEqualTo(now);
        assertThat(repository().find(job.jobId())).isEqualTo(cancelled);
    }

    @Test
    void aTransitionHoldsOnlyFromTheStatusTheCallerSaw() {
        JobRecord job = recorded();
        repository().transition(job.jobId(), JobStatus.QUEUED, JobStatus.CANCELLED, Optional.empty(), now);

        assertThat(repository().transition(job.jobId(), JobStatus.QUEUED, JobStatus.FAILED, Optional.empty(), now)).isEmpty();
        assertThat(repository().transition(job.jobId(), JobStatus.RUNNING, JobStatus.FAILED, Optional.empty(), now)).isEmpty();
        assertThat(repository().find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aTransitionOfAnUnknownJobAnswersNothing() {
        assertThat(repository().transition("job_unknown_" + UUID.randomUUID(), JobStatus.QUEUED, JobStatus.CANCELLED,
                Optional.empty(), now)).isEmpty();
    }

    @Test
    void aBackwardTransitionIsRefusedBeforeAnyWrite() {
        JobRecord job = recorded();

        assertThatThrownBy(() -> repository().transition(job.jobId(), JobStatus.SUCCEEDED, JobStatus.QUEUED,
                Optional.empty(), now)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repository().transition(job.jobId(), JobStatus.RUNNING, JobStatus.CANCELLED,
                Optional.empty(), now)).isInstanceOf(IllegalArgumentException.class);
        assertThat(repository().find(job.jobId()).orElseThrow()).isEqualTo(job);
    }

    @Test
    void aClaimStartsTheFirstAttempt() {
        JobRecord job = recorded();

        JobRecord claimed = repository().claim(job.jobId(), now.plusSeconds(1)).orElseThrow();

        assertThat(claimed.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.completedSteps()).isZero();
        assertThat(claimed.updatedAt()).isEqualTo(now.plusSeconds(1));
    }

    @Test
    void aSecondClaimOfARunningJobIsANewAttemptWithItsProgressReset() {
        JobRecord first = running(recorded());
        repository().recordProgress(first.jobId(), 1, 5, 20);

        JobRecord second = repository().claim(first.jobId(), now.plusSeconds(9)).orElseThrow();

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.completedSteps()).isZero();
        assertThat(second.totalSteps()).isZero();
        assertThat(repository().recordProgress(first.jobId(), 1, 6, 20)).isFalse();
    }

    @Test
    void aFinishedJobIsNeverClaimed() {
        JobRecord job = recorded();
        repository().transition(job.jobId(), JobStatus.QUEUED, JobStatus.CANCELLED, Optional.empty(), now);

        assertThat(repository().claim(job.jobId(), now.plusSeconds(1))).isEmpty();
        assertThat(repository().find(job.jobId()).orElseThrow().attempt()).isZero();
    }

    @Test
    void anUnknownJobIsNeverClaimed() {
        assertThat(repository().claim("job_unknown_" + UUID.randomUUID(), now)).isEmpty();
    }

    @Test
    void progressIsRecordedUnderTheCurrentAttempt() {
        JobRecord job = running(recorded());

        assertThat(repository().recordProgress(job.jobId(), 1, 7, 20)).isTrue();

        JobRecord read = repository().find(job.jobId()).orElseThrow();
        assertThat(read.completedSteps()).isEqualTo(7);
        assertThat(read.totalSteps()).isEqualTo(20);
    }

    @Test
    void progressOfAnotherAttemptOrAQueuedJobIsRefused() {
        JobRecord queued = recorded();
        assertThat(repository().recordProgress(queued.jobId(), 0, 1, 20)).isFalse();

        JobRecord job = running(queued);
        assertThat(repository().recordProgress(job.jobId(), 2, 1, 20)).isFalse();
        assertThat(repository().find(job.jobId()).orElseThrow().completedSteps()).isZero();
    }

    @Test
    void completingUnderTheCurrentAttemptSucceedsWithImagesAndCost() {
        JobRecord job = running(recorded());
        repository().recordProgress(job.jobId(), 1, 12, 25);
        List<String> keys = List.of("results/" + job.jobId() + "/0.png", "results/" + job.jobId() + "/1.png");

        JobRecord done = repository().complete(job.jobId(), 1, keys, 1, COST, now.plusSeconds(30)).orElseThrow();

        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.imageKeys()).isEqualTo(keys);
        assertThat(done.flaggedImages()).isEqualTo(1);
        assertThat(done.cost()).contains(COST);
        assertThat(done.completedSteps()).isEqualTo(25);
        assertThat(done.totalSteps()).isEqualTo(25);
        assertThat(done.updatedAt()).isEqualTo(now.plusSeconds(30));
        assertThat(repository().find(job.jobId())).contains(done);
    }

    @Test
    void completingWithoutRecordedProgressShowsTheCostsStepsAsDone() {
        JobRecord job = running(recorded());

        JobRecord done = repository().complete(job.jobId(), 1, List.of("k"), 0, COST, now.plusSeconds(30)).orElseThrow();

        assertThat(done.completedSteps()).isEqualTo(COST.steps());
        assertThat(done.totalSteps()).isEqualTo(COST.steps());
    }

    @Test
    void completingUnderAnEarlierAttemptIsRefused() {
        JobRecord job = running(recorded());
        repository().claim(job.jobId(), now.plusSeconds(5));

        assertThat(repository().complete(job.jobId(), 1, List.of("k"), 0, COST, now.plusSeconds(30))).isEmpty();
        assertThat(repository().reject(job.jobId(), 1, "all_images_flagged", 4, COST, now.plusSeconds(30))).isEmpty();
        assertThat(repository().find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void completingAQueuedOrFinishedJobIsRefused() {
        JobRecord queued = recorded();
        assertThat(repository().complete(queued.jobId(), 0, List.of("k"), 0, COST, now)).isEmpty();

        JobRecord job = running(queued);
        repository().complete(job.jobId(), 1, List.of("k"), 0, COST, now.plusSeconds(30));
        assertThat(repository().complete(job.jobId(), 1, List.of("k2"), 0, COST, now.plusSeconds(31))).isEmpty();
        assertThat(repository().find(job.jobId()).orElseThrow().imageKeys()).containsExactly("k");
    }

    @Test
    void rejectingUnderTheCurrentAttemptKeepsTheReasonAndNoImages() {
        JobRecord job = running(recorded());

        JobRecord rejected = repository().reject(job.jobId(), 1, "all_images_flagged", 4, COST, now.plusSeconds(30))
                .orElseThrow();

        assertThat(rejected.status()).isEqualTo(JobStatus.REJECTED);
        assertThat(rejected.statusReason()).contains("all_images_flagged");
        assertThat(rejected.imageKeys()).isEmpty();
        assertThat(rejected.flaggedImages()).isEqualTo(4);
        assertThat(rejected.cost()).contains(COST);
    }

    @Test
    void failUnfinishedFailsAQueuedOrRunningJobOnce() {
        JobRecord queued = recorded();
        JobRecord running = running(recorded());

        Optional<JobRecord> failedQueued = repository().failUnfinished(queued.jobId(), "processing_failed", now.plusSeconds(60));
        Optional<JobRecord> failedRunning = repository().failUnfinished(running.jobId(), "processing_failed", now.plusSeconds(60));

        assertThat(failedQueued).map(JobRecord::status).contains(JobStatus.FAILED);
        assertThat(failedQueued).flatMap(JobRecord::statusReason).contains("processing_failed");
        assertThat(failedRunning).map(JobRecord::status).contains(JobStatus.FAILED);
        assertThat(repository().failUnfinished(queued.jobId(), "processing_failed", now.plusSeconds(61))).isEmpty();
        assertThat(repository().find(queued.jobId()).orElseThrow().updatedAt()).isEqualTo(now.plusSeconds(60));
    }

    @Test
    void failUnfinishedLeavesAFinishedJobAlone() {
        JobRecord job = running(recorded());
        JobRecord done = repository().complete(job.jobId(), 1, List.of("k"), 0, COST, now.plusSeconds(30)).orElseThrow();

        assertThat(repository().failUnfinished(job.jobId(), "processing_failed", now.plusSeconds(60))).isEmpty();
        assertThat(repository().find(job.jobId())).contains(done);
    }

    @Test
    void aQueuedJobIsMarkedRedispatchedOnce() {
        JobRecord job = recorded();

        assertThat(repository().markRedispatched(job.jobId(), now.plusSeconds(200))).isTrue();
        assertThat(repository().markRedispatched(job.jobId(), now.plusSeconds(400))).isFalse();
        assertThat(repository().find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void onlyAQueuedJobIsMarkedRedispatched() {
        JobRecord running = running(recorded());
        JobRecord cancelled = recorded();
        repository().transition(cancelled.jobId(), JobStatus.QUEUED, JobStatus.CANCELLED, Optional.empty(), now);

        assertThat(repository().markRedispatched(running.jobId(), now.plusSeconds(200))).isFalse();
        assertThat(repository().markRedispatched(cancelled.jobId(), now.plusSeconds(200))).isFalse();
        assertThat(repository().markRedispatched("job_unknown_" + UUID.randomUUID(), now)).isFalse();
    }

    @Test
    void pagesRunNewestFirstAndTheCursorContinuesWhereThePageEnded() {
        List<JobRecord> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(repository().record(queued(now.plusSeconds(i))).job());
        }

        JobRepository.JobPage first = repository().page(accountId, 2, Optional.empty());
        JobRepository.JobPage second = repository().page(accountId, 2, first.nextCursor());
        JobRepository.JobPage third = repository().page(accountId, 2, second.nextCursor());

        assertThat(first.jobs()).extracting(JobRecord::jobId).containsExactly(jobs.get(4).jobId(), jobs.get(3).jobId());
        assertThat(second.jobs()).extracting(JobRecord::jobId).containsExactly(jobs.get(2).jobId(), jobs.get(1).jobId());
        assertThat(third.jobs()).extracting(JobRecord::jobId).containsExactly(jobs.get(0).jobId());
        assertThat(first.nextCursor()).isPresent();
        assertThat(second.nextCursor()).isPresent();
        assertThat(third.nextCursor()).isEmpty();
    }

    @Test
    void aPageHoldsOnlyTheAccountsOwnJobs() {
        JobRecord mine = recorded();
        repository().record(JobRecord.queued("job_" + UUID.randomUUID().toString().replace("-", ""),
                "acct-other-" + UUID.randomUUID(), JobKind.GENERATION, 1, 1, "h", JobSpec.generation("x", 256, 1),
                JobAttribution.accountOnly(JobAttribution.DALL_E_2), now));

        assertThat(repository().page(accountId, 10, Optional.empty()).jobs()).containsExactly(mine);
    }

    @Test
    void anotherAccountsCursorIsRefused() {
        for (int i = 0; i < 3; i++) {
            repository().record(queued(now.plusSeconds(i)));
        }
        String cursor = repository().page(accountId, 1, Optional.empty()).nextCursor().orElseThrow();

        assertThatThrownBy(() -> repository().page("acct-other-" + UUID.randomUUID(), 1, Optional.of(cursor)))
                .isInstanceOf(PageCursor.InvalidCursorException.class);
    }

    @Test
    void aForgedCursorIsRefused() {
        recorded();
        String otherAttributes = PageCursor.encode(Map.of("accountId", accountId, "jobId", "job_x"));
        String notBase64 = "%%%not-a-cursor";
        String notJson = Base64.getUrlEncoder().encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8));

        for (String forged : List.of(otherAttributes, notBase64, notJson)) {
            assertThatThrownBy(() -> repository().page(accountId, 1, Optional.of(forged)))
                    .as(forged).isInstanceOf(PageCursor.InvalidCursorException.class);
        }
    }

    @Test
    void finishedBetweenFindsTheJobsThatEnteredAFinalStatusInTheWindow() {
        JobRecord before = finishedAt(now.minusMillis(1));
        JobRecord atStart = finishedAt(now);
        JobRecord inside = rejectedAt(now.plusSeconds(30));
        JobRecord atEnd = finishedAt(now.plusSeconds(60));
        JobRecord unfinished = repository().record(queued(now.plusSeconds(10))).job();

        List<String> found = repository().finishedBetween(now, now.plusSeconds(60)).stream().map(JobRecord::jobId).toList();

        assertThat(found).contains(atStart.jobId(), inside.jobId())
                .doesNotContain(before.jobId(), atEnd.jobId(), unfinished.jobId());
    }

    @Test
    void inStatusSinceAnswersTheOldestFirstUpToTheLimit() {
        Instant base = now.minus(Duration.ofDays(20_000));
        JobRecord oldest = repository().record(queued(base)).job();
        JobRecord older = repository().record(queued(base.plusSeconds(1))).job();
        JobRecord old = repository().record(queued(base.plusSeconds(2))).job();
        JobRecord fresh = repository().record(queued(base.plusSeconds(100))).job();
        JobRecord runningOld = running(repository().record(queued(base.minusSeconds(5))).job());

        List<JobRecord> firstTwo = repository().inStatusSince(JobStatus.QUEUED, base.plusSeconds(50), 2);
        List<String> all = repository().inStatusSince(JobStatus.QUEUED, base.plusSeconds(50), 100).stream()
                .map(JobRecord::jobId).toList();

        assertThat(firstTwo).extracting(JobRecord::jobId).containsExactly(oldest.jobId(), older.jobId());
        assertThat(all).contains(old.jobId()).doesNotContain(fresh.jobId(), runningOld.jobId());
    }

    @Test
    void inStatusSinceAnswersTheOldestOfManyInOrderWhateverOrderTheyWereRecordedIn() {
        Instant base = now.minus(Duration.ofDays(30_000));
        List<JobRecord> recorded = new ArrayList<>();
        for (int second = 0; second < 40; second++) {
            recorded.add(queued(base.plusSeconds(second)));
        }
        List<JobRecord> shuffled = new ArrayList<>(recorded);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.forEach(job -> repository().record(job));

        List<String> oldestTen = repository().inStatusSince(JobStatus.QUEUED, base.plusSeconds(40), 10).stream()
                .map(JobRecord::jobId).toList();

        assertThat(oldestTen).containsExactlyElementsOf(recorded.subList(0, 10).stream().map(JobRecord::jobId).toList());
    }

    private JobRecord finishedAt(Instant at) {
        JobRecord job = repository().record(queued(at.minusSeconds(100))).job();
        repository().claim(job.jobId(), at.minusSeconds(50));
        return repository().complete(job.jobId(), 1, List.of("k"), 0, COST, at).orElseThrow();
    }

    private JobRecord rejectedAt(Instant at) {
        JobRecord job = repository().record(queued(at.minusSeconds(100))).job();
        return repository().transition(job.jobId(), JobStatus.QUEUED, JobStatus.REJECTED, Optional.of("blocked"), at)
                .orElseThrow();
    }
}
