package com.atelier.testkit;

import com.atelier.jobs.JobCost;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobRepository;
import com.atelier.jobs.JobStatus;
import com.atelier.paging.PageCursor;
import com.atelier.time.SortableInstant;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The jobs table as a map. Each write is one {@link ConcurrentHashMap#compute} on the job, holding under
 * the same condition as {@code DynamoDbJobRepository}'s UpdateItem, and answers the job as written.
 * Instants are kept to the millisecond, as the table keeps them.
 */
public final class InMemoryJobRepository implements JobRepository {

    private static final Set<String> CURSOR_ATTRIBUTES = Set.of("jobId", "accountId", "createdAt");
    /** The byAccount index's order, newest first; the job id breaks ties so the cursor's position is exact. */
    private static final Comparator<Position> NEWEST_FIRST = Comparator.comparing(Position::createdAt)
            .thenComparing(Position::jobId).reversed();

    /** Where a job sits in the byAccount index of its account. */
    private record Position(Instant createdAt, String jobId) {
        static Position of(JobRecord job) {
            return new Position(job.createdAt(), job.jobId());
        }
    }

    /** A job and what the record does not carry: whether its steps were recorded, whether it was sent again. */
    private record Stored(JobRecord job, boolean stepsRecorded, Optional<Instant> redispatchedAt) {
        Stored with(JobRecord changed) {
            return new Stored(changed, stepsRecorded, redispatchedAt);
        }
    }

    private final Map<String, Stored> jobs = new ConcurrentHashMap<>();

    @Override
    public Recorded record(JobRecord job) {
        JobRecord kept = withMillis(job);
        // A job id is recorded once: a replayed request finds the first job.
        Stored existing = jobs.putIfAbsent(job.jobId(), new Stored(kept, job.attempt() > 0, Optional.empty()));
        return existing == null ? new Recorded(kept, true) : new Recorded(existing.job(), false);
    }

    @Override
    public Optional<JobRecord> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(Stored::job);
    }

    @Override
    public Optional<JobRecord> transition(String jobId, JobStatus from, JobStatus to, Optional<String> reason, Instant now) {
        if (!from.next().contains(to)) {
            throw new IllegalArgumentException("a job never moves from " + from + " to " + to);
        }
        // Status only moves forward: the move holds only from the status the caller saw.
        return update(jobId, stored -> stored.job().status() != from ? null
                : stored.with(copy(stored.job(), to, reason, millis(now), stored.job().attempt(),
                        stored.job().completedSteps(), stored.job().totalSteps())));
    }

    @Override
    public Optional<JobRecord> claim(String jobId, Instant now) {
        // A finished job is never taken again; each claim is a new attempt, so an earlier worker's writes stop holding.
        return update(jobId, stored -> stored.job().isFinished() ? null
                : new Stored(copy(stored.job(), JobStatus.RUNNING, stored.job().statusReason(), millis(now),
                        stored.job().attempt() + 1, 0, 0), false, stored.redispatchedAt()));
    }

    @Override
    public boolean recordProgress(String jobId, int attempt, int completedSteps, int totalSteps) {
        return update(jobId, stored -> !runningUnder(stored, attempt) ? null
                : new Stored(copy(stored.job(), stored.job().status(), stored.job().statusReason(),
                        stored.job().updatedAt(), attempt, completedSteps, totalSteps), true, stored.redispatchedAt()))
                .isPresent();
    }

    @Override
    public Optional<JobRecord> complete(String jobId, int attempt, List<String> imageKeys, int flaggedImages, JobCost cost,
                                        Instant now) {
        return finish(jobId, attempt, JobStatus.SUCCEEDED, Optional.empty(), imageKeys, flaggedImages, cost, now);
    }

    @Override
    public Optional<JobRecord> reject(String jobId, int attempt, String reason, int flaggedImages, JobCost cost,
                                      Instant now) {
        return finish(jobId, attempt, JobStatus.REJECTED, Optional.of(reason), List.of(), flaggedImages, cost, now);
    }

    private Optional<JobRecord> finish(String jobId, int attempt, JobStatus to, Optional<String> reason,
                                       List<String> imageKeys, int flaggedImages, JobCost cost, Instant now) {
        return update(jobId, stored -> {
            if (!runningUnder(stored, attempt)) {
                return null;
            }
            JobRecord job = stored.job();
            // As the table's if_not_exists(totalSteps, steps): a finished job shows all its steps done.
            int steps = stored.stepsRecorded() ? job.totalSteps() : cost.steps();
            return new Stored(new JobRecord(job.jobId(), job.accountId(), job.kind(), job.images(), job.credits(), to,
                    reason, job.requestHash(), job.createdAt(), millis(now), job.spec(), job.attempt(), steps, steps,
                    List.copyOf(imageKeys), flaggedImages, Optional.of(cost), job.attribution(), job.callback()), true, stored.redispatchedAt());
        });
    }

    @Override
    public Optional<JobRecord> failUnfinished(String jobId, String reason, Instant now) {
        // Only one caller moves an unfinished job to failed, so only one outcome follows.
        return update(jobId, stored -> stored.job().isFinished() ? null
                : stored.with(copy(stored.job(), JobStatus.FAILED, Optional.of(reason), millis(now),
                        stored.job().attempt(), stored.job().completedSteps(), stored.job().totalSteps())));
    }

    @Override
    public boolean markRedispatched(String jobId, Instant now) {
        // Once per job, and only while it is still waiting for a worker.
        return update(jobId, stored -> stored.job().status() != JobStatus.QUEUED || stored.redispatchedAt().isPresent()
                ? null : new Stored(stored.job(), stored.stepsRecorded(), Optional.of(millis(now)))).isPresent();
    }

    @Override
    public JobPage page(String accountId, int limit, Optional<String> cursor) {
        Optional<Position> after = cursor.map(value -> PageCursor.decode(value, CURSOR_ATTRIBUTES, accountId))
                .map(key -> new Position(parse(key.get("createdAt")), key.get("jobId")));
        List<JobRecord> remaining = jobs.values().stream().map(Stored::job)
                .filter(job -> job.accountId().equals(accountId))
                .filter(job -> after.isEmpty() || NEWEST_FIRST.compare(Position.of(job), after.get()) > 0)
                .sorted(Comparator.comparing(Position::of, NEWEST_FIRST)).toList();
        List<JobRecord> page = remaining.stream().limit(limit).toList();
        Optional<String> next = remaining.size() > limit
                ? Optional.of(PageCursor.encode(Map.of("jobId", page.get(page.size() - 1).jobId(), "accountId", accountId,
                        "createdAt", SortableInstant.format(page.get(page.size() - 1).createdAt()))))
                : Optional.empty();
        return new JobPage(page, next);
    }

    @Override
    public List<JobRecord> finishedBetween(Instant from, Instant to) {
        return jobs.values().stream().map(Stored::job)
                .filter(job -> job.isFinished() && !job.updatedAt().isBefore(from) && job.updatedAt().isBefore(to))
                .sorted(Comparator.comparing(JobRecord::status).thenComparing(JobRecord::updatedAt))
                .toList();
    }

    @Override
    public List<JobRecord> inStatusSince(JobStatus status, Instant before, int limit) {
        return jobs.values().stream().map(Stored::job)
                .filter(job -> job.status() == status && job.updatedAt().isBefore(millis(before)))
                .sorted(Comparator.comparing(JobRecord::updatedAt).thenComparing(JobRecord::jobId))
                .limit(limit).toList();
    }

    /** A worker's write holds only while the job runs under the attempt it claimed. */
    private static boolean runningUnder(Stored stored, int attempt) {
        return stored.job().status() == JobStatus.RUNNING && stored.job().attempt() == attempt;
    }

    /** Applies a conditional change atomically; the change answers null when its condition fails. */
    private Optional<JobRecord> update(String jobId, UnaryOperator<Stored> change) {
        AtomicReference<JobRecord> written = new AtomicReference<>();
        jobs.computeIfPresent(jobId, (id, stored) -> {
            Stored next = change.apply(stored);
            if (next == null) {
                return stored;
            }
            written.set(next.job());
            return next;
        });
        return Optional.ofNullable(written.get());
    }

    private static Instant parse(String sortableInstant) {
        try {
            return Instant.parse(sortableInstant);
        } catch (DateTimeParseException e) {
            throw new PageCursor.InvalidCursorException();
        }
    }

    private static JobRecord copy(JobRecord job, JobStatus status, Optional<String> reason, Instant updatedAt,
                                  int attempt, int completedSteps, int totalSteps) {
        return new JobRecord(job.jobId(), job.accountId(), job.kind(), job.images(), job.credits(), status, reason,
                job.requestHash(), job.createdAt(), updatedAt, job.spec(), attempt, completedSteps, totalSteps,
                job.imageKeys(), job.flaggedImages(), job.cost(), job.attribution(), job.callback());
    }

    private static JobRecord withMillis(JobRecord job) {
        return new JobRecord(job.jobId(), job.accountId(), job.kind(), job.images(), job.credits(), job.status(),
                job.statusReason(), job.requestHash(), millis(job.createdAt()), millis(job.updatedAt()), job.spec(),
                job.attempt(), job.completedSteps(), job.totalSteps(), List.copyOf(job.imageKeys()),
                job.flaggedImages(), job.cost(), job.attribution(), job.callback());
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
