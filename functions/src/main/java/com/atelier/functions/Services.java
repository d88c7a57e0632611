package com.atelier.functions;

import com.atelier.accounts.ApiKeyStore;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.Ledger;
import com.atelier.aws.accounts.DynamoDbApiKeyRepository;
import com.atelier.aws.credits.DynamoDbCreditAccounts;
import com.atelier.aws.grants.DynamoDbGrantApplicationRepository;
import com.atelier.aws.ratelimit.DynamoDbRequestCounters;
import com.atelier.aws.review.DynamoDbReviewLog;
import com.atelier.aws.credits.DynamoDbLedger;
import com.atelier.aws.images.S3ImageBlobs;
import com.atelier.aws.jobs.DynamoDbJobRepository;
import com.atelier.aws.jobs.SqsJobDispatch;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.LedgerAudit;
import com.atelier.auth.Authenticator;
import com.atelier.auth.OidcTokenVerifier;
import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.grants.GrantApplications;
import com.atelier.jobs.JobAdmission;
import com.atelier.images.ImageBlobs;
import com.atelier.images.ImageJobs;
import com.atelier.jobs.JobOutcomes;
import com.atelier.ratelimit.RateLimiter;
import com.atelier.jobs.JobDispatch;
import com.atelier.jobs.JobRepository;
import com.atelier.jobs.StalledJobReconciler;
import com.atelier.moderation.ContentScreening;
import com.atelier.moderation.PromptModerator;
import com.atelier.moderation.PromptReviser;
import com.atelier.moderation.faces.FaceDetector;
import com.atelier.resources.AtelierResources;
import com.atelier.review.ReviewQueue;

import java.time.Clock;
import java.util.Optional;

/**
 * The use cases the handlers call, wired once per process from the configuration and the shared
 * AWS clients (static, so that SnapStart snapshots them).
 */
public record Services(AtelierConfig config, CreditAccounts accounts, Ledger ledger, ApiKeyStore apiKeys,
                       CreditService credits, LedgerAudit ledgerAudit, Authenticator authenticator,
                       GrantApplications grantApplications,
                       JobRepository jobs, SqsJobDispatch jobQueue, JobAdmission jobAdmission,
                       StalledJobReconciler stalledJobReconciler,
                       JobOutcomes jobOutcomes, ImageBlobs images, ImageJobs imageJobs, RateLimiter imageRateLimiter,
                       PromptModerator moderator, ReviewQueue reviews, ContentScreening contentScreening,
                       Clock clock) {

    private static final String PRIMING_KEY = "snapstart-priming";

    private static final class Shared {
        static final Services INSTANCE = create(AtelierConfig.fromEnvironment(), AwsClients.shared(), Clock.systemUTC());
    }

    public static Services shared() {
        return Shared.INSTANCE;
    }

    /**
     * Runs each client and the word lists once with inputs that change nothing (reads of keys that
     * never exist, a presigned URL nobody uses), so that a SnapStart snapshot holds their loaded
     * classes and the queue's URL, and the first request after a restore does not pay for them.
     */
    public void prime() {
        accounts.find(PRIMING_KEY);
        jobs.find(PRIMING_KEY);
        apiKeys.findBySecret("sk-" + PRIMING_KEY);
        jobQueue.resolve();
        moderator.moderate("a red circle left of a blue square on a white background");
    }

    public static Services create(AtelierConfig config, AwsClients clients, Clock clock) {
        AtelierResources resources = AtelierResources.of(config);
        CreditAccounts accounts = new DynamoDbCreditAccounts(clients.dynamoDb(), clients.dynamoDbEnhanced(), resources.accounts().name());
        Ledger ledger = new DynamoDbLedger(clients.dynamoDbEnhanced(), resources.ledger().name());
        ApiKeyStore apiKeys = new ApiKeyStore(
                new DynamoDbApiKeyRepository(clients.dynamoDb(), clients.dynamoDbEnhanced(), resources.apiKeys().name()));
        CreditService credits = new CreditService(accounts, ledger, clock);
        Optional<OidcTokenVerifier> oidc = config.oidc().map(settings -> new OidcTokenVerifier(
                new OidcTokenVerifier.Settings(settings.jwksUrl(), settings.issuer(), settings.audience()), clock));
        JobRepository jobs = new DynamoDbJobRepository(clients.dynamoDb(), clients.dynamoDbEnhanced(), resources.jobs().name());
        SqsJobDispatch queue = new SqsJobDispatch(clients.sqs(), resources.jobsQueue().name());
        JobAdmission admission = new JobAdmission(jobs, credits, queue, clock);
        PromptModerator moderator = PromptModerator.fromClasspath();
        ReviewQueue reviews = new ReviewQueue(
                new DynamoDbReviewLog(clients.dynamoDb(), clients.dynamoDbEnhanced(), resources.reviews().name()));
        ImageBlobs images = new S3ImageBlobs(clients.s3(), clients.s3Presigner(), config.imagesBucketName());
        ContentScreening screening = new ContentScreening(moderator, new PromptReviser(config.diversityRevision()),
                FaceDetector::shared, reviews, clock);
        return new Services(config, accounts, ledger, apiKeys, credits, new LedgerAudit(accounts, ledger),
                new Authenticator(apiKeys, accounts, credits, oidc),
                new GrantApplications(new DynamoDbGrantApplicationRepository(clients.dynamoDb(),
                        clients.dynamoDbEnhanced(), resources.grantApplications().name()), credits, clock),
                jobs, queue, admission, new StalledJobReconciler(jobs, credits, admission, clock),
                new JobOutcomes(jobs, credits, screening::recordFlaggedOutputs, clock),
                images, new ImageJobs(screening, admission, jobs, images),
                new RateLimiter(new DynamoDbRequestCounters(clients.dynamoDb(), resources.rateLimits().name()),
                        config.imageRequestsPerMinute(), clock),
                moderator, reviews, screening, clock);
    }
}
