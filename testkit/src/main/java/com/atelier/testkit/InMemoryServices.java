package com.atelier.testkit;

import com.atelier.accounts.Account;
import com.atelier.accounts.ApiKeyStore;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.LedgerAudit;
import com.atelier.accounts.Role;
import com.atelier.grants.GrantApplications;
import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.StalledJobReconciler;
import com.atelier.ratelimit.RateLimiter;
import com.atelier.review.ReviewQueue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Core's use cases wired to the in-memory adapters and one movable clock, for tests that run in
 * milliseconds. Each instance is a fresh, empty system.
 */
public final class InMemoryServices {

    /** A flagged job as the review queue would get it. */
    public record Flagged(String accountId, String jobId, int flaggedImages) {
    }

    public final MutableClock clock;
    public final InMemoryJobRepository jobs = new InMemoryJobRepository();
    public final InMemoryCreditAccounts accounts = new InMemoryCreditAccounts();
    public final InMemoryLedger ledger = new InMemoryLedger();
    public final InMemoryJobDispatch dispatch = new InMemoryJobDispatch();
    public final InMemoryImageBlobs images;
    public final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
    public final InMemoryGrantApplicationRepository applications = new InMemoryGrantApplicationRepository();
    public final InMemoryReviewLog reviewLog = new InMemoryReviewLog();
    public final InMemoryRequestCounters counters = new InMemoryRequestCounters();
    public final List<Flagged> flagged = new CopyOnWriteArrayList<>();
    public final CreditService credits;
    public final LedgerAudit audit;
    public final JobAdmission admission;
    public final JobOutcomes outcomes;
    public final StalledJobReconciler reconciler;
    public final ApiKeyStore apiKeys = new ApiKeyStore(keys);
    public final GrantApplications grants;
    public final ReviewQueue reviews = new ReviewQueue(reviewLog);

    public InMemoryServices(Instant now) {
        clock = new MutableClock(now);
        images = new InMemoryImageBlobs(clock);
        credits = new CreditService(accounts, ledger, clock);
        audit = new LedgerAudit(accounts, ledger);
        admission = new JobAdmission(jobs, credits, dispatch, clock);
        outcomes = new JobOutcomes(jobs, credits,
                (accountId, jobId, flaggedImages) -> flagged.add(new Flagged(accountId, jobId, flaggedImages)), clock);
        reconciler = new StalledJobReconciler(jobs, credits, admission, clock);
        grants = new GrantApplications(applications, credits, clock);
    }

    /** A limiter on the shared counters and clock; the limit is the test's, as it is configuration in production. */
    public RateLimiter rateLimiter(int requestsPerMinute) {
        return new RateLimiter(counters, requestsPerMinute, clock);
    }

    /** Opens a user account with its first month's free credits and answers it as read. */
    public Account openAccount(String accountId) {
        if (!credits.openAccount(accountId, Set.of(Role.USER), Optional.empty())) {
            throw new IllegalStateException("account " + accountId + " exists");
        }
        return account(accountId);
    }

    public Account account(String accountId) {
        return accounts.find(accountId).orElseThrow();
    }
}
