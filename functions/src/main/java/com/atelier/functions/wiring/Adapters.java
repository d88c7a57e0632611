package com.atelier.functions.wiring;

import com.atelier.webhooks.DeliveryQueue;
import com.atelier.webhooks.WebhookDeliveries;
import com.atelier.webhooks.WebhookEndpoints;
import com.atelier.accounts.ApiKeyRepository;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.Ledger;
import com.atelier.grants.GrantApplicationRepository;
import com.atelier.images.ImageBlobs;
import com.atelier.jobs.JobDispatch;
import com.atelier.jobs.JobRepository;
import com.atelier.ratelimit.RequestCounters;
import com.atelier.usage.UsageCounters;
import com.atelier.review.ReviewLog;

/**
 * Where a composition root gets core's ports from: the AWS adapters in Lambda and the local stack,
 * the test kit's in-memory adapters in handler tests. Each call builds a new adapter; {@link Wiring}
 * asks once per port.
 */
public interface Adapters {

    CreditAccounts creditAccounts();

    Ledger ledger();

    ApiKeyRepository apiKeys();

    JobRepository jobs();

    JobDispatch jobDispatch();

    ImageBlobs images();

    ReviewLog reviews();

    GrantApplicationRepository grantApplications();

    RequestCounters requestCounters();

    WebhookEndpoints webhookEndpoints();

    WebhookDeliveries webhookDeliveries();

    DeliveryQueue webhookDeliveryQueue();

    UsageCounters usageCounters();

    /** Runs each adapter built so far once, before a SnapStart snapshot; never fails. */
    void prime();
}
