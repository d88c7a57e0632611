package com.atelier.local.chaos;

import com.atelier.accounts.Account;
import com.atelier.accounts.LedgerAudit;
import com.atelier.credits.LedgerEntry;
import com.atelier.credits.LedgerEntryType;
import com.atelier.functions.wiring.Wiring;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobRepository;
import com.atelier.jobs.JobStatus;
import com.atelier.resources.AtelierResources;
import com.atelier.config.AtelierConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What must hold after any fault, read with the real clients from the servers themselves: every job
 * ended exactly once (succeeded with exactly n objects, or ended without images, refunded once if it
 * was paid); no object under {@code results/} that no succeeded job owns; every account's ledger
 * audit consistent and its balance what it was given less the jobs that succeeded.
 */
final class InvariantCheck {

    /** What the check found. */
    record Outcome(int jobs, int succeeded, int refunded, int outcomesRedelivered, Duration settledIn, List<String> violations) {
    }

    private InvariantCheck() {
    }

    /**
     * Waits up to {@code limit} for every job of the accounts to end, then checks.
     *
     * <p>The local stand-in for the jobs table's stream keeps its records in the memory of the process
     * that wrote the job, so a worker killed just after finishing a job takes that job's record
     * with it (on AWS the stream keeps it 24 hours). Before checking, the finished jobs whose debits
     * are still open are delivered to the job-outcomes logic again, as the stream would, and counted.
     */
    static Outcome check(StackSession session, List<String> accountIds, Duration limit) {
        Wiring wiring = session.wiring();
        long started = System.nanoTime();
        boolean ended = Waiting.until(limit, Duration.ofSeconds(1), () -> accountIds.stream()
                .allMatch(account -> jobsOf(wiring.jobs(), account).stream().allMatch(InvariantCheck::ended)));
        Duration settledIn = Duration.ofNanos(System.nanoTime() - started);
        List<String> violations = new ArrayList<>();
        int redelivered = 0;
        for (String accountId : accountIds) {
            Account account = wiring.creditAccounts().find(accountId).orElseThrow();
            for (JobRecord job : jobsOf(wiring.jobs(), accountId)) {
                if (job.isFinished() && account.openDebits().containsKey(job.jobId())) {
                    wiring.jobOutcomes().changed(job);
                    redelivered++;
                }
            }
        }
        Set<String> ownedObjects = new HashSet<>();
        int jobCount = 0;
        int succeeded = 0;
        int refunded = 0;
        for (String accountId : accountIds) {
            List<LedgerEntry> ledger = wiring.ledger().all(accountId);
            int given = ledger.stream().filter(entry -> entry.type() != LedgerEntryType.DEBIT && entry.type() != LedgerEntryType.REFUND)
                    .mapToInt(InvariantCheck::credits).sum();
            int settled = 0;
            for (JobRecord job : jobsOf(wiring.jobs(), accountId)) {
                jobCount++;
                String id = job.jobId();
                long debits = ledger.stream().filter(e -> e.type() == LedgerEntryType.DEBIT && e.reference().equals(id)).count();
                long refunds = ledger.stream().filter(e -> e.type() == LedgerEntryType.REFUND && e.reference().equals(id)).count();
                Set<String> stored = objectsUnder(session.clients().s3(), "results/" + id + "/");
                if (!ended(job)) {
                    violations.add("job " + id + " did not end within " + limit + ": " + job.status());
                    continue;
                }
                if (job.status() == JobStatus.SUCCEEDED) {
                    succeeded++;
                    settled += job.credits();
                    ownedObjects.addAll(job.imageKeys());
                    if (job.imageKeys().size() != job.images()) {
                        violations.add("job " + id + " succeeded with " + job.imageKeys().size() + " of " + job.images() + " images");
                    }
                    if (!stored.equals(Set.copyOf(job.imageKeys()))) {
                        violations.add("job " + id + " succeeded but S3 holds " + stored + " for " + job.imageKeys());
                    }
                    if (debits != 1 || refunds != 0) {
                        violations.add("job " + id + " succeeded with " + debits + " debits and " + refunds + " refunds");
                    }
                } else {
                    if (!stored.isEmpty()) {
                        violations.add("job " + id + " ended " + job.status() + " but left " + stored.size() + " objects");
                    }
                    if (refunds != debits) {
                        violations.add("job " + id + " ended " + job.status() + " with " + debits + " debits and " + refunds + " refunds");
                    }
                    refunded += (int) refunds;
                }
            }
            LedgerAudit.Result audit = wiring.ledgerAudit().check(accountId);
            if (!audit.consistent()) {
                violations.add("account " + accountId + ": the ledger says " + audit.fromLedger() + ", the account " + audit.inItem());
            }
            Account account = wiring.creditAccounts().find(accountId).orElseThrow();
            if (!account.openDebits().isEmpty()) {
                violations.add("account " + accountId + " keeps open debits after every job ended: " + account.openDebits().keySet());
            }
            if (audit.itemBalance() != given - settled) {
                violations.add("account " + accountId + " holds " + audit.itemBalance() + " credits, expected " + given
                        + " given less " + settled + " for succeeded jobs");
            }
        }
        Set<String> orphans = objectsUnder(session.clients().s3(), "results/");
        orphans.removeAll(ownedObjects);
        if (!orphans.isEmpty()) {
            violations.add(orphans.size() + " objects under results/ that no succeeded job owns, e.g. " + orphans.iterator().next());
        }
        if (!ended) {
            violations.add(0, "not every job ended within " + limit);
        }
        return new Outcome(jobCount, succeeded, refunded, redelivered, settledIn, violations);
    }

    /** Final, or refused before anything was charged (a retry with its id may still pay). */
    private static boolean ended(JobRecord job) {
        return job.isFinished() || job.status() == JobStatus.REFUSED;
    }

    private static int credits(LedgerEntry entry) {
        return entry.lotChanges().values().stream().mapToInt(Integer::intValue).sum();
    }

    static List<JobRecord> jobsOf(JobRepository jobs, String accountId) {
        List<JobRecord> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            JobRepository.JobPage page = jobs.page(accountId, 100, cursor);
            all.addAll(page.jobs());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return all;
    }

    private static Set<String> objectsUnder(S3Client s3, String prefix) {
        String bucket = AtelierResources.of(AtelierConfig.fromEnvironment()).images().name();
        Set<String> keys = new HashSet<>();
        s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
                // S3Proxy's file-system store lists its folders too, as keys ending in a slash: not objects.
                .map(S3Object::key).filter(key -> !key.endsWith("/")).forEach(keys::add);
        return keys;
    }
}
