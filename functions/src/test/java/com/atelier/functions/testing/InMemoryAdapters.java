package com.atelier.functions.testing;

import com.atelier.accounts.ApiKeyRepository;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.Ledger;
import com.atelier.functions.wiring.Adapters;
import com.atelier.grants.GrantApplicationRepository;
import com.atelier.images.ImageBlobs;
import com.atelier.jobs.JobDispatch;
import com.atelier.jobs.JobRepository;
import com.atelier.ratelimit.RequestCounters;
import com.atelier.usage.UsageCounters;
import com.atelier.review.ReviewLog;
import com.atelier.testkit.InMemoryApiKeyRepository;
import com.atelier.testkit.InMemoryCreditAccounts;
import com.atelier.testkit.InMemoryGrantApplicationRepository;
import com.atelier.testkit.InMemoryImageBlobs;
import com.atelier.testkit.InMemoryJobDispatch;
import com.atelier.testkit.InMemoryJobRepository;
import com.atelier.testkit.InMemoryLedger;
import com.atelier.testkit.InMemoryRequestCounters;
import com.atelier.testkit.InMemoryUsageCounters;
import com.atelier.testkit.InMemoryReviewLog;
import com.atelier.testkit.webhooks.InMemoryDeliveryQueue;
import com.atelier.testkit.webhooks.InMemoryWebhookDeliveries;
import com.atelier.testkit.webhooks.InMemoryWebhookEndpoints;
import com.atelier.webhooks.DeliveryQueue;
import com.atelier.webhooks.WebhookDeliveries;
import com.atelier.webhooks.WebhookEndpoints;

import java.time.Clock;

/**
 * The test kit's in-memory adapters (held to the AWS adapters by the contract suites), one of each,
 * so a handler test runs the real composition roots in milliseconds and can look at what was stored.
 */
public final class InMemoryAdapters implements Adapters {

    public final InMemoryCreditAccounts creditAccounts = new InMemoryCreditAccounts();
    public final InMemoryLedger ledger = new InMemoryLedger();
    public final InMemoryApiKeyRepository apiKeys = new InMemoryApiKeyRepository();
    public final InMemoryJobRepository jobs = new InMemoryJobRepository();
    public final InMemoryJobDispatch jobDispatch = new InMemoryJobDispatch();
    public final InMemoryImageBlobs images;
    public final InMemoryReviewLog reviews = new InMemoryReviewLog();
    public final InMemoryGrantApplicationRepository grantApplications = new InMemoryGrantApplicationRepository();
    public final InMemoryRequestCounters requestCounters = new InMemoryRequestCounters();
    public final InMemoryUsageCounters usageCounters = new InMemoryUsageCounters();
    public final InMemoryWebhookEndpoints webhookEndpoints = new InMemoryWebhookEndpoints();
    public final InMemoryWebhookDeliveries webhookDeliveries = new InMemoryWebhookDeliveries();
    public final InMemoryDeliveryQueue webhookDeliveryQueue = new InMemoryDeliveryQueue();

    public InMemoryAdapters(Clock clock) {
        images = new InMemoryImageBlobs(clock);
    }

    @Override
    public CreditAccounts creditAccounts() {
        return creditAccounts;
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public ApiKeyRepository apiKeys() {
        return apiKeys;
    }

    @Override
    public JobRepository jobs() {
        return jobs;
    }

    @Override
    public JobDispatch jobDispatch() {
        return jobDispatch;
    }

    @Override
    public ImageBlobs images() {
        return images;
    }

    @Override
    public ReviewLog reviews() {
        return reviews;
    }

    @Override
    public GrantApplicationRepository grantApplications() {
        return grantApplications;
    }

    @Override
    public RequestCounters requestCounters() {
        return requestCounters;
    }

    @Override
    public UsageCounters usageCounters() {
        return usageCounters;
    }

    @Override
    public WebhookEndpoints webhookEndpoints() {
        return webhookEndpoints;
    }

    @Override
    public WebhookDeliveries webhookDeliveries() {
        return webhookDeliveries;
    }

    @Override
    public DeliveryQueue webhookDeliveryQueue() {
        return webhookDeliveryQueue;
    }

    @Override
    public void prime() {
        // Nothing to load ahead: these adapters make no calls.
    }
}
