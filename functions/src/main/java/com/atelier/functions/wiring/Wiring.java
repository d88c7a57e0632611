package com.atelier.functions.wiring;

import com.atelier.accounts.ApiKeyStore;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.Ledger;
import com.atelier.budgets.BudgetService;
import com.atelier.accounts.LedgerAudit;
import com.atelier.auth.Authenticator;
import com.atelier.auth.OidcTokenVerifier;
import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.grants.GrantApplications;
import com.atelier.images.ImageBlobs;
import com.atelier.images.ImageJobs;
import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobDispatch;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.JobRepository;
import com.atelier.jobs.StalledJobReconciler;
import com.atelier.models.ModelCard;
import com.atelier.moderation.ContentScreening;
import com.atelier.moderation.PromptModerator;
import com.atelier.moderation.PromptReviser;
import com.atelier.moderation.faces.FaceDetector;
import com.atelier.ratelimit.RateLimiter;
import com.atelier.usage.UsageCounters;
import com.atelier.usage.UsageQuery;
import com.atelier.costs.CloudPrices;
import com.atelier.costs.CostModel;
import com.atelier.costs.CostQuery;
import com.atelier.review.ReviewQueue;

import com.atelier.functions.webhooks.PinnedAddressSender;
import com.atelier.webhooks.DeliveryQueue;
import com.atelier.webhooks.ReceiverAddresses;
import com.atelier.webhooks.WebhookDeliveries;
import com.atelier.webhooks.WebhookDispatcher;
import com.atelier.webhooks.WebhookEndpoints;
import com.atelier.webhooks.WebhookFanOut;
import com.atelier.webhooks.WebhookSettings;
import com.atelier.webhooks.Webhooks;

import java.time.Clock;
import java.util.SplittableRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The parts a function's composition root picks from: core's use cases over the adapters, each built
 * on first request and then kept. A root asks only for what its function uses, so a function builds,
 * primes and calls nothing else; one instance serves one process.
 */
public final class Wiring {

    private final AtelierConfig config;
    private final Adapters adapters;
    private final Clock clock;
    private final Map<String, Object> built = new HashMap<>();

    public Wiring(AtelierConfig config, Adapters adapters, Clock clock) {
        this.config = config;
        this.adapters = adapters;
        this.clock = clock;
    }

    /** The wiring of a Lambda function: configuration from its environment, the process's shared AWS clients. */
    public static Wiring fromEnvironment() {
        AtelierConfig config = AtelierConfig.fromEnvironment();
        return new Wiring(config, new AwsAdapters(config, AwsClients.shared()), Clock.systemUTC());
    }

    public AtelierConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** Runs what was built once, with inputs that change nothing, before a SnapStart snapshot. */
    public void prime() {
        adapters.prime();
        if (built.containsKey("moderator")) {
            moderator().moderate("a red circle left of a blue square on a white background");
        }
    }

    public CreditAccounts creditAccounts() {
        return part("creditAccounts", adapters::creditAccounts);
    }

    public Ledger ledger() {
        return part("ledger", adapters::ledger);
    }

    public JobRepository jobs() {
        return part("jobs", adapters::jobs);
    }

    public JobDispatch jobDispatch() {
        return part("jobDispatch", adapters::jobDispatch);
    }

    public ImageBlobs images() {
        return part("images", adapters::images);
    }

    public CreditService credits() {
        return part("credits", () -> new CreditService(creditAccounts(), ledger(), clock));
    }

    public BudgetService budgets() {
        return part("budgets", () -> new BudgetService(creditAccounts(), ledger(), clock));
    }

    public LedgerAudit ledgerAudit() {
        return part("ledgerAudit", () -> new LedgerAudit(creditAccounts(), ledger()));
    }

    public ApiKeyStore apiKeys() {
        return part("apiKeys", () -> new ApiKeyStore(adapters.apiKeys()));
    }

    public Authenticator authenticator() {
        return part("authenticator", () -> new Authenticator(apiKeys(), creditAccounts(), credits(),
                config.oidc().map(settings -> new OidcTokenVerifier(
                        new OidcTokenVerifier.Settings(settings.jwksUrl(), settings.issuer(), settings.audience()), clock))));
    }

    public GrantApplications grantApplications() {
        return part("grantApplications", () -> new GrantApplications(adapters.grantApplications(), credits(), clock));
    }

    public JobAdmission jobAdmission() {
        return part("jobAdmission", () -> new JobAdmission(jobs(), credits(), jobDispatch(), clock));
    }

    public StalledJobReconciler stalledJobReconciler() {
        return part("stalledJobReconciler", () -> new StalledJobReconciler(jobs(), credits(), jobAdmission(), clock));
    }

    public ReviewQueue reviews() {
        return part("reviews", () -> new ReviewQueue(adapters.reviews()));
    }

    public PromptModerator moderator() {
        return part("moderator", PromptModerator::fromClasspath);
    }

    public ContentScreening contentScreening() {
        return part("contentScreening", () -> new ContentScreening(moderator(),
                new PromptReviser(config.diversityRevision()), FaceDetector::shared, reviews(), clock));
    }

    public JobOutcomes jobOutcomes() {
        return part("jobOutcomes", () -> new JobOutcomes(jobs(), credits(), contentScreening()::recordFlaggedOutputs, clock));
    }

    public ImageJobs imageJobs() {
        return part("imageJobs", () -> new ImageJobs(contentScreening(), jobAdmission(), jobs(), images(),
                config.requireKnownWords() ? Optional.of(installedModel()) : Optional.empty()));
    }

    /** The model the workers run, as GET /v1/models describes it and the known-words rule reads it. */
    public ModelCard installedModel() {
        return part("installedModel", () -> InstalledModel.read(AtelierConfig.environmentVariables()));
    }

    public RateLimiter imageRateLimiter() {
        return part("imageRateLimiter", () -> new RateLimiter(adapters.requestCounters(),
                config.imageRequestsPerMinute(), clock));
    }

    public WebhookSettings webhookSettings() {
        return part("webhookSettings", WebhookSettings::fromEnvironment);
    }

    public ReceiverAddresses webhookReceivers() {
        return part("webhookReceivers", () -> new ReceiverAddresses(webhookSettings().allowLoopback(), ReceiverAddresses.SYSTEM));
    }

    public WebhookFanOut webhookFanOut() {
        return part("webhookFanOut", () -> new WebhookFanOut(webhookEndpoints(), webhookDeliveries(),
                webhookDeliveryQueue(), clock));
    }

    public Webhooks webhooks() {
        return part("webhooks", () -> new Webhooks(webhookEndpoints(), webhookDeliveries(), webhookDeliveryQueue(),
                webhookFanOut(), webhookReceivers(), clock));
    }

    public WebhookDispatcher webhookDispatcher() {
        return part("webhookDispatcher", () -> new WebhookDispatcher(webhookEndpoints(), webhookDeliveries(),
                webhookDeliveryQueue(), new PinnedAddressSender(webhookReceivers(), webhookSettings().allowLoopback(), clock),
                webhookFanOut(), webhookSettings(), clock, new SplittableRandom()));
    }

    public UsageCounters usageCounters() {
        return part("usageCounters", adapters::usageCounters);
    }

    public UsageQuery usageQuery() {
        return part("usageQuery", () -> new UsageQuery(usageCounters(), clock));
    }

    public CostQuery costQuery() {
        return part("costQuery", () -> new CostQuery(usageCounters(), usageQuery(), new CostModel(CloudPrices.bundled())));
    }

    private WebhookEndpoints webhookEndpoints() {
        return part("webhookEndpoints", adapters::webhookEndpoints);
    }

    private DeliveryQueue webhookDeliveryQueue() {
        return part("webhookDeliveryQueue", adapters::webhookDeliveryQueue);
    }

    private WebhookDeliveries webhookDeliveries() {
        return part("webhookDeliveries", adapters::webhookDeliveries);
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T part(String name, Supplier<T> build) {
        // Not computeIfAbsent: building one part asks for others, and HashMap refuses nested computes.
        Object part = built.get(name);
        if (part == null) {
            part = build.get();
            built.put(name, part);
        }
        return (T) part;
    }
}
